using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Tenancy;

namespace Tollgate.Gateway.Balancing;

/// <summary>
/// Kong's active health checks: probes each target of upstreams that enable them, at the healthy or unhealthy
/// interval, and counts the answers against the active thresholds, so an ejected target is re-admitted when it recovers.
/// </summary>
public sealed class ActiveHealthChecker(TenantTable tenants, ILogger<ActiveHealthChecker> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var probing = new System.Collections.Concurrent.ConcurrentDictionary<TargetState, byte>();
        var running = new List<Task>();
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            var now = DateTime.UtcNow;
            foreach (var slot in tenants.Slots)
            {
                foreach (var upstream in slot.Runtime.Upstreams)
                {
                    if (!upstream.Active.Enabled) continue;
                    foreach (var target in upstream.Targets)
                    {
                        var interval = target.Healthy ? upstream.Active.HealthyInterval : upstream.Active.UnhealthyInterval;
                        if (interval <= TimeSpan.Zero || now < target.NextProbe || !probing.TryAdd(target, 0)) continue;
                        target.NextProbe = now + interval;
                        running.Add(Probe(slot.Slug, upstream, target, stopping).ContinueWith(_ => probing.TryRemove(target, out byte _), TaskScheduler.Default));
                    }
                }
            }
            running.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(running);
    }

    private async Task Probe(string tenant, UpstreamBalancer upstream, TargetState target, CancellationToken stopping)
    {
        var active = upstream.Active;
        bool changed;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(active.Timeout);
        try
        {
            if (active.Type == "tcp")
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(target.Host, target.Port, timeout.Token);
                changed = target.RecordStatus(active.Thresholds.HealthyStatuses.FirstOrDefault(200), active.Thresholds);
            }
            else
            {
                var scheme = active.Type is "https" ? "https" : "http";
                using var response = await _client.GetAsync($"{scheme}://{target.Address}{active.HttpPath}", timeout.Token);
                changed = target.RecordStatus((int)response.StatusCode, active.Thresholds);
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            changed = target.RecordTimeout(active.Thresholds);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException)
        {
            changed = target.RecordTcpFailure(active.Thresholds);
        }
        if (changed)
        {
            logger.LogWarning("Tenant {Tenant} upstream {Upstream} target {Target} is now {Health} (active check)",
                tenant, upstream.Name, target.Address, target.Healthy ? "healthy" : "unhealthy");
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
