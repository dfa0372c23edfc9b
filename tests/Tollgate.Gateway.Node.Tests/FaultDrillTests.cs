using Tollgate.Testing.Drills;
using Xunit.Abstractions;

namespace Tollgate.Gateway.Node;

/// <summary>The fault drills at CI size (./build.sh drill NAME runs them larger and prints the figures); each checks its target.</summary>
public class FaultDrillTests(ITestOutputHelper output)
{
    private sealed class Output(ITestOutputHelper output) : StringWriter
    {
        public override void WriteLine(string? value) => output.WriteLine(value ?? "");
    }

    [Fact]
    public async Task Every_route_keeps_answering_when_every_silo_is_killed_and_a_node_restarts_from_disk_until_the_silos_return()
    {
        var result = await ControlPlaneDownDrill.Run(tenants: 200, outage: TimeSpan.FromSeconds(3), new Output(output));
        output.WriteLine(result.ToString());
        Assert.Equal(0, result.Load.Failed);
        Assert.True(result.DuringOutage > 0, "load ran while the silos were down");
        Assert.Equal(2000, result.RoutesFromDisk);
    }

    [Fact]
    public async Task A_killed_node_loses_at_most_its_unflushed_measurements_and_nothing_is_counted_twice()
    {
        var result = await GatewayKilledDrill.Run(TimeSpan.FromSeconds(5), new Output(output));
        output.WriteLine(result.ToString());
        Assert.InRange(result.Counted, 1, result.Proxied);
        Assert.Equal(result.Counted, result.Billable);
        // What the node measured in its last flush interval (2 s) before the kill, with room for a slow machine.
        Assert.InRange(result.Lost, 0, (long)(result.Load.PerSecond * 4));
    }

    [Fact]
    public async Task Proxying_never_stops_while_the_database_restarts_and_the_admin_api_recovers_by_itself()
    {
        var result = await DatabaseRestartDrill.Run(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(8), new Output(output));
        output.WriteLine(result.ToString());
        Assert.Equal(0, result.Load.Failed);
        Assert.All(result.AdminFailureStatuses.Keys, status => Assert.Equal(503, status));
        Assert.Equal(result.Proxied, result.Counted);
    }

    [Fact]
    public async Task Killing_one_of_three_targets_fails_only_requests_in_flight_and_in_the_passive_check_window()
    {
        var result = await UpstreamFailureDrill.Run(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), new Output(output));
        output.WriteLine(result.ToString());
        Assert.Equal(0, result.GetFailures);
        Assert.InRange(result.PostFailures, 0, UpstreamFailureDrill.Result.Bound);
        Assert.True(result.Load.Ok > 1000, "the load ran");
    }
}
