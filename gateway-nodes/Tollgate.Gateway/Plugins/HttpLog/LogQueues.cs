using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.Plugins.HttpLog;

/// <summary>
/// The node's http-log queues, one per plugin instance, each with its own worker so that one tenant's slow or dead
/// endpoint delays nobody else. Idle queues close themselves; stopping the node sends what is queued first.
/// </summary>
public sealed class LogQueues(GatewayOptions options, ILogger<LogQueues> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, (LogQueue Queue, Task Worker)> _queues = new();
    private readonly HttpClient _client = new(Net.EgressGuard.Handler(options.PrivateLogEndpoints)) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Queues an entry for the instance's endpoint; never waits. False when it was dropped (queue full).</summary>
    public bool Add(HttpLogConfig config, byte[] entry)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var current = _queues.GetOrAdd(config.Instance, static (_, state) => state.self.Start(state.config), (self: this, config));
            var queue = current.Queue;
            if (!ReferenceEquals(queue.Config, config)) queue.Config = config;
            if (queue.TryAdd(entry)) return true;
            if (!queue.IsClosed) return false;
            // The queue closed itself for idleness: replace it once.
            _queues.TryRemove(KeyValuePair.Create(config.Instance, current));
        }
        return false;
    }

    public long Dropped(Guid instance) => _queues.TryGetValue(instance, out var entry) ? entry.Queue.Dropped : 0;

    private (LogQueue, Task) Start(HttpLogConfig config)
    {
        var queue = new LogQueue(config, _client, logger);
        var worker = Task.Run(async () =>
        {
            await queue.Run(Idle, _stopping.Token);
            queue.Close();
            if (_queues.TryGetValue(config.Instance, out var current) && ReferenceEquals(current.Queue, queue))
            {
                _queues.TryRemove(KeyValuePair.Create(config.Instance, current));
            }
        });
        return (queue, worker);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Closes every queue and lets the workers send what is left, for a bounded time.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var (queue, _) in _queues.Values) queue.Close();
        var workers = Task.WhenAll(_queues.Values.Select(q => q.Worker));
        await Task.WhenAny(workers, Task.Delay(Drain, cancellationToken));
        await _stopping.CancelAsync();
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _client.Dispose();
    }
}
