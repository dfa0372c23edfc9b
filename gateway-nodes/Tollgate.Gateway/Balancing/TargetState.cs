namespace Tollgate.Gateway.Balancing;

/// <summary>
/// One target of an upstream and its health. It outlives config rebuilds (kept per tenant by address), so an
/// ejected target stays ejected when an unrelated route changes.
/// </summary>
public sealed class TargetState(string host, int port)
{
    private readonly Lock _gate = new();
    private int _successes;
    private int _httpFailures;
    private int _tcpFailures;
    private int _timeouts;
    private int _active;

    public string Host { get; } = host;
    public int Port { get; } = port;
    public volatile bool Healthy = true;
    public int Weight { get; set; } = 100;
    /// <summary>When the active checker probes this target next.</summary>
    public DateTime NextProbe { get; set; }

    /// <summary>Requests in flight to this target (least-connections).</summary>
    public int Active => Volatile.Read(ref _active);

    public void Started() => Interlocked.Increment(ref _active);

    public void Finished() => Interlocked.Decrement(ref _active);

    public string Address => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Counts a response's status; answers true when this changed the target's health.</summary>
    public bool RecordStatus(int status, HealthThresholds thresholds)
    {
        if (thresholds.UnhealthyStatuses.Contains(status))
        {
            return Fail(ref _httpFailures, thresholds.HttpFailures);
        }
        if (thresholds.HealthyStatuses.Contains(status))
        {
            return Succeed(thresholds);
        }
        return false;
    }

    public bool RecordTcpFailure(HealthThresholds thresholds) => Fail(ref _tcpFailures, thresholds.TcpFailures);

    public bool RecordTimeout(HealthThresholds thresholds) => Fail(ref _timeouts, thresholds.Timeouts);

    private bool Fail(ref int counter, int threshold)
    {
        if (threshold <= 0) return false;
        lock (_gate)
        {
            _successes = 0;
            if (++counter < threshold || !Healthy) return false;
            Healthy = false;
            _httpFailures = _tcpFailures = _timeouts = 0;
            return true;
        }
    }

    private bool Succeed(HealthThresholds thresholds)
    {
        lock (_gate)
        {
            _httpFailures = _tcpFailures = _timeouts = 0;
            if (Healthy || thresholds.Successes <= 0 || ++_successes < thresholds.Successes) return false;
            Healthy = true;
            _successes = 0;
            return true;
        }
    }
}
