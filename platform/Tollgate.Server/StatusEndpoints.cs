using Orleans.Runtime;
using Tollgate.Gateway.Telemetry;
using Tollgate.Storage;

namespace Tollgate.Server;

/// <summary>Health on the status port: live while the process runs, ready once the silo is up (or, without one, the cluster connected) and the database answers.</summary>
public static class StatusEndpoints
{
    public static void MapStatus(this WebApplication app, int port)
    {
        var status = app.MapGroup("/status").RequireHost($"*:{port}");
        status.MapGet("/live", () => Results.Json(new { status = "live" }));
        status.MapGet("/ready", Ready);
        app.MapTollgateMetrics(port);
    }

    private static async Task<IResult> Ready(Database database, IHostApplicationLifetime lifetime, IServiceProvider services)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Results.Json(new { status = "starting" }, statusCode: 503);
        }
        try
        {
            await using var connection = await database.OpenAsync();
            await connection.Command("SELECT 1").ExecuteScalarAsync();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return Results.Json(new { status = "database unreachable" }, statusCode: 503);
        }
        // A portal-only process is a client of the cluster: it has no silo of its own, and starts once connected.
        var silo = services.GetService<ILocalSiloDetails>()?.SiloAddress.ToString();
        return Results.Json(new { status = "ready", silo, storage = database.Kind.ToString().ToLowerInvariant() });
    }
}
