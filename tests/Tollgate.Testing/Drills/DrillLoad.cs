using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Tollgate.Testing.Drills;

/// <summary>
/// Keeps requests going from a number of concurrent clients to a set of targets, round robin, and counts what came
/// back: 200s, other statuses and transport failures, with when each failure happened. The targets can be changed
/// while it runs (a drill takes a node out while it restarts). With a rate, requests are paced to it.
/// </summary>
public sealed class DrillLoad : IAsyncDisposable
{
    /// <summary>One request: to a proxy port, as if to http://{Host}{Path}; with a body it is a POST.</summary>
    public sealed record Target(int Port, string Host, string Path, string? Body = null);

    /// <summary>What the load saw: requests answered, 200s, and every other outcome by kind.</summary>
    public sealed record Tally(long Sent, long Ok, IReadOnlyDictionary<string, long> Failures, IReadOnlyList<(TimeSpan At, string What)> FirstFailures, TimeSpan Elapsed)
    {
        public long Failed => Failures.Values.Sum();

        /// <summary>Failures whose description contains the text (a method, a status, a port).</summary>
        public long FailedWith(string text) => Failures.Where(f => f.Key.Contains(text)).Sum(f => f.Value);
        public double PerSecond => Sent / Elapsed.TotalSeconds;

        public override string ToString() =>
            $"{Sent} requests in {Elapsed.TotalSeconds:0.0} s ({PerSecond:0}/s), {Ok} × 200, {Failed} failed" +
            (Failed == 0 ? "" : $" ({string.Join(", ", Failures.Select(f => $"{f.Value} × {f.Key}"))})");
    }

    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1024, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, long> _failures = new();
    private readonly ConcurrentDictionary<int, int> _inFlight = new();
    private readonly ConcurrentQueue<(TimeSpan, string)> _firstFailures = new();
    private readonly double? _perSecond;
    private readonly Task[] _workers;
    private long _tickets;
    private long _sent;
    private long _ok;
    private volatile Target[] _targets;

    private DrillLoad(Target[] targets, int concurrency, double? perSecond)
    {
        _targets = targets;
        _perSecond = perSecond;
        _workers = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(Work))];
    }

    public static DrillLoad Start(IEnumerable<Target> targets, int concurrency, double? perSecond = null) =>
        new([.. targets], concurrency, perSecond);

    /// <summary>Where the next requests go.</summary>
    public IEnumerable<Target> Targets
    {
        set => _targets = [.. value];
    }

    /// <summary>Waits until no request to the port is in flight (after <see cref="Targets"/> stopped sending there).</summary>
    public async Task Drained(int port)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (_inFlight.GetValueOrDefault(port) > 0 && DateTime.UtcNow < giveUp) await Task.Delay(5);
    }

    /// <summary>What the load has seen so far.</summary>
    public Tally Now => new(Interlocked.Read(ref _sent), Interlocked.Read(ref _ok), new Dictionary<string, long>(_failures), [.. _firstFailures], _clock.Elapsed);

    /// <summary>Stops sending, waits for the requests in flight, and answers the tally.</summary>
    public async Task<Tally> Stop()
    {
        _stop.Cancel();
        await Task.WhenAll(_workers);
        return Now;
    }

    private async Task Work()
    {
        while (!_stop.IsCancellationRequested)
        {
            var ticket = Interlocked.Increment(ref _tickets);
            if (_perSecond is { } rate)
            {
                var due = TimeSpan.FromSeconds(ticket / rate) - _clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    try { await Task.Delay(due, _stop.Token); }
                    catch (OperationCanceledException) { return; }
                }
            }
            var targets = _targets;
            var target = targets[ticket % targets.Length];
            _inFlight.AddOrUpdate(target.Port, 1, (_, n) => n + 1);
            string? outcome;
            try
            {
                outcome = await Send(target);
            }
            finally
            {
                _inFlight.AddOrUpdate(target.Port, 0, (_, n) => n - 1);
            }
            Interlocked.Increment(ref _sent);
            if (outcome is null)
            {
                Interlocked.Increment(ref _ok);
                continue;
            }
            _failures.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            if (_firstFailures.Count < 50) _firstFailures.Enqueue((_clock.Elapsed, outcome));
        }
    }

    /// <summary>Sends one request and reads the whole answer; null when it was a 200, else what went wrong.</summary>
    private static async Task<string?> Send(Target target)
    {
        var method = target.Body is null ? HttpMethod.Get : HttpMethod.Post;
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{target.Port}{target.Path}");
        request.Headers.Host = target.Host;
        if (target.Body is not null) request.Content = new StringContent(target.Body, Encoding.UTF8, "application/json");
        try
        {
            using var response = await Client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode} to {method} on :{target.Port}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return $"{e.GetType().Name} to {method} on :{target.Port}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await Stop();
        _stop.Dispose();
    }
}
