using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Serialization;

namespace Tollgate.Storage;

/// <summary>
/// Lets an Orleans client (a standalone gateway node) find the cluster's silos: the active silos of the
/// PostgreSQL membership table, at their client gateway ports.
/// </summary>
public sealed class PostgresGatewayListProvider(Database database, IOptions<ClusterOptions> cluster, Serializer serializer) : IGatewayListProvider
{
    public TimeSpan MaxStaleness => TimeSpan.FromSeconds(10);

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public async Task<IList<Uri>> GetGateways()
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.Command(
            "SELECT entry FROM membership WHERE cluster_id = @c AND status = @active", null,
            ("@c", cluster.Value.ClusterId), ("@active", (int)SiloStatus.Active)).ExecuteReaderAsync();
        var gateways = new List<Uri>();
        while (await reader.ReadAsync())
        {
            var entry = serializer.Deserialize<MembershipEntry>((byte[])reader.GetValue(0))!;
            if (entry.ProxyPort > 0)
            {
                var silo = entry.SiloAddress;
                gateways.Add(SiloAddress.New(silo.Endpoint.Address, entry.ProxyPort, silo.Generation).ToGatewayUri());
            }
        }
        return gateways;
    }
}
