using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tollgate.Analytics;

/// <summary>
/// Sends the node's measurements to the tenants' usage grains every couple of seconds, off the request path. Each
/// flush's batches are written to a spool file before they are sent, and the file is deleted once the grains have them, so a batch survives a
/// failed call, a control-plane outage and a kill; spooled batches are sent again on start. Resending is safe: the
/// grain recognises a batch it already counted. Stopping the node flushes everything first.
/// </summary>
public sealed class UsageFlusher(UsageMeter meter, IGrainFactory grains, AnalyticsOptions options, ILogger<UsageFlusher> logger) : BackgroundService
{
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly List<(UsageBatch Batch, string File)> _pending = [];
    private long _sequence;

    /// <summary>Batches written and not yet acknowledged.</summary>
    public int Pending => _pending.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(options.SpoolDir);
        await LoadSpool();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.FlushInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await Flush(CancellationToken.None);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The last interval goes out too; what cannot be sent stays spooled for the next start.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ShutdownFlushTimeout);
        await Flush(deadline.Token);
    }

    /// <summary>Spools the new measurements as batches, then sends every pending batch in order.</summary>
    public async Task Flush(CancellationToken cancellation)
    {
        var batches = meter.TakeDeltas().Select(t => new UsageBatch(_node, Interlocked.Increment(ref _sequence), t.Key, t.Value)).ToList();
        if (batches.Count > 0)
        {
            // One spool file per flush, whatever the number of tenants in it.
            var file = Path.Combine(options.SpoolDir, $"{_node}-{batches[0].Sequence:D12}.json");
            await File.WriteAllBytesAsync(file, JsonSerializer.SerializeToUtf8Bytes(batches), CancellationToken.None);
            _pending.AddRange(batches.Select(b => (b, file)));
        }
        while (_pending.Count > 0 && !cancellation.IsCancellationRequested)
        {
            var (batch, file) = _pending[0];
            try
            {
                var reported = await grains.GetGrain<IUsageGrain>(batch.Tenant).Record(batch).WaitAsync(options.SendTimeout, cancellation);
                // A batch spooled by an earlier run was never counted in this run's tallies.
                var counted = batch.Node == _node ? batch.Rows.Where(r => UsageSources.Billable(r.Source)).Sum(r => r.Requests) : 0;
                meter.Acknowledged(batch.Tenant, counted, reported);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning("Usage of {Tenant} not delivered yet ({Error}); {Pending} batches spooled", batch.Tenant, e.Message, _pending.Count);
                return;
            }
            _pending.RemoveAt(0);
            if (!_pending.Exists(p => p.File == file)) File.Delete(file);
        }
    }

    private async Task LoadSpool()
    {
        foreach (var file in Directory.EnumerateFiles(options.SpoolDir, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var batches = JsonSerializer.Deserialize<List<UsageBatch>>(await File.ReadAllBytesAsync(file)) ?? [];
                _pending.AddRange(batches.Select(b => (b, file)));
            }
            catch (JsonException e)
            {
                // A file cut short by a kill during its write held a batch never sent: nothing was counted from it.
                logger.LogWarning("Dropping unreadable usage spool file {File}: {Error}", file, e.Message);
                File.Delete(file);
            }
        }
        if (_pending.Count > 0) logger.LogInformation("Resending {Count} spooled usage batches", _pending.Count);
    }
}

/// <summary>How a node flushes its measurements (section "Analytics").</summary>
public sealed class AnalyticsOptions
{
    /// <summary>Whether the gateway measures requests at all.</summary>
    public bool Enabled { get; set; } = true;
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan ShutdownFlushTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public string SpoolDir { get; set; } = "./data/analytics-spool";
}
