using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.Plugins.HttpLog;

/// <summary>
/// One plugin instance's log entries on their way to its endpoint: a bounded queue that never blocks the request,
/// batched by size and coalescing delay, each batch retried with backoff until its retry time runs out.
/// </summary>
public sealed class LogQueue
{
    private readonly Channel<byte[]> _entries;
    private readonly HttpClient _client;
    private readonly ILogger _logger;
    private readonly List<Task> _sending = [];
    private long _queuedBytes;

    public LogQueue(HttpLogConfig config, HttpClient client, ILogger logger)
    {
        Config = config;
        _client = client;
        _logger = logger;
        _entries = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(config.Queue.MaxEntries)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    /// <summary>The latest config of the instance; a new config version takes effect for the next batch.</summary>
    public HttpLogConfig Config { get; set; }

    public long Dropped => Interlocked.Read(ref _dropped);
    private long _dropped;

    /// <summary>Queues an entry; false when the queue is full (or closed) and the entry was dropped, as Kong drops it.</summary>
    public bool TryAdd(byte[] entry)
    {
        if (IsClosed) return false;
        var limit = Config.Queue.MaxBytes;
        if (limit is not null && Interlocked.Read(ref _queuedBytes) + entry.Length > limit || !_entries.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
            Telemetry.GatewayMetrics.LogEntriesDropped.Add(1);
            return false;
        }
        Interlocked.Add(ref _queuedBytes, entry.Length);
        return true;
    }

    /// <summary>No more entries: the worker sends what is queued and ends.</summary>
    public void Close()
    {
        IsClosed = true;
        _entries.Writer.TryComplete();
    }

    public bool IsClosed { get; private set; }

    /// <summary>Sends batches until the queue is closed and empty; <paramref name="idle"/> closes a queue nobody writes to.</summary>
    public async Task Run(TimeSpan idle, CancellationToken stopping)
    {
        var reader = _entries.Reader;
        while (true)
        {
            using var idleTimer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            idleTimer.CancelAfter(idle);
            try
            {
                if (!await reader.WaitToReadAsync(idleTimer.Token)) break;
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                // Idle: stop taking entries, then send whatever slipped in before the close.
                Close();
                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var batch = await NextBatch(reader, stopping);
            if (Config.Queue.Unlimited)
            {
                _sending.RemoveAll(t => t.IsCompleted);
                _sending.Add(Send(batch, stopping));
            }
            else
            {
                await Send(batch, stopping);
            }
        }
        await Task.WhenAll(_sending);
    }

    private async Task<List<byte[]>> NextBatch(ChannelReader<byte[]> reader, CancellationToken stopping)
    {
        var settings = Config.Queue;
        var batch = new List<byte[]>(Math.Min(settings.MaxBatchSize, 64));
        var deadline = DateTime.UtcNow + settings.MaxCoalescingDelay;
        while (batch.Count < settings.MaxBatchSize)
        {
            if (reader.TryRead(out var entry))
            {
                Interlocked.Add(ref _queuedBytes, -entry.Length);
                batch.Add(entry);
                continue;
            }
            var wait = deadline - DateTime.UtcNow;
            if (wait <= TimeSpan.Zero || settings.MaxBatchSize == 1) break;
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timer.CancelAfter(wait);
            try
            {
                if (!await reader.WaitToReadAsync(timer.Token)) break;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return batch;
    }

    /// <summary>Sends one batch, retrying with doubling delays while the retry time lasts; then drops it and says so.</summary>
    private async Task Send(List<byte[]> batch, CancellationToken stopping)
    {
        var config = Config;
        var body = Body(batch, config.Queue.MaxBatchSize == 1);
        var giveUp = DateTime.UtcNow + config.Queue.MaxRetryTime;
        var delay = config.Queue.InitialRetryDelay;
        while (true)
        {
            var failure = await TrySend(config, body, stopping);
            if (failure is null) return;
            if (DateTime.UtcNow + delay > giveUp || stopping.IsCancellationRequested)
            {
                Interlocked.Add(ref _dropped, batch.Count);
                Telemetry.GatewayMetrics.LogEntriesDropped.Add(batch.Count);
                _logger.LogError("http-log {Instance}: dropped a batch of {Count} entries for {Endpoint} after retrying: {Failure}",
                    config.Instance, batch.Count, config.Endpoint.GetLeftPart(UriPartial.Authority), failure);
                return;
            }
            _logger.LogDebug("http-log {Instance}: {Failure}; retrying in {Delay}", config.Instance, failure, delay);
            try
            {
                await Task.Delay(delay, stopping);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: one last attempt below, then give up.
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, config.Queue.MaxRetryDelay.Ticks));
        }
    }

    private async Task<string?> TrySend(HttpLogConfig config, byte[] body, CancellationToken stopping)
    {
        using var request = new HttpRequestMessage(new HttpMethod(config.Method), config.Endpoint)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", config.ContentType);
        if (config.Endpoint.UserInfo.Length > 0)
        {
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(config.Endpoint.UserInfo))));
        }
        foreach (var (name, value) in config.Headers) request.Headers.TryAddWithoutValidation(name, value);
        using var timeout = new CancellationTokenSource(config.Timeout);
        try
        {
            using var response = await _client.SendAsync(request, timeout.Token);
            return (int)response.StatusCode < 300 ? null : $"the endpoint answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return timeout.IsCancellationRequested ? "the endpoint timed out" : e.Message;
        }
    }

    /// <summary>One entry as an object when batches are of one (Kong's shape), else a JSON array of entries.</summary>
    private static byte[] Body(List<byte[]> batch, bool single)
    {
        if (single && batch.Count == 1) return batch[0];
        var body = new MemoryStream();
        body.WriteByte((byte)'[');
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0) body.WriteByte((byte)',');
            body.Write(batch[i]);
        }
        body.WriteByte((byte)']');
        return body.ToArray();
    }
}
