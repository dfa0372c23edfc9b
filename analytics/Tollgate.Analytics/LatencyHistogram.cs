namespace Tollgate.Analytics;

/// <summary>
/// A mergeable latency histogram: log-spaced buckets from 0.1 ms to a minute, 15% apart, so percentiles computed
/// after merging nodes and minutes are within 15% of the truth. Recording is lock-free.
/// </summary>
public sealed class LatencyHistogram
{
    public const int Buckets = 98;
    private const double First = 0.1;
    private const double Growth = 1.15;
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly long[] _counts = new long[Buckets];

    public long Count => _counts.Sum();

    public static int BucketOf(double milliseconds) =>
        milliseconds <= First ? 0 : Math.Min(Buckets - 1, (int)Math.Ceiling(Math.Log(milliseconds / First) / LogGrowth));

    private static readonly double[] Bounds = [.. Enumerable.Range(0, Buckets).Select(b => Math.Round(First * Math.Pow(Growth, b), 2))];

    /// <summary>The largest latency a bucket holds, in milliseconds (rounded to 0.01 ms).</summary>
    public static double UpperBound(int bucket) => Bounds[bucket];

    public void Record(double milliseconds) => Interlocked.Increment(ref _counts[BucketOf(milliseconds)]);

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < Buckets; i++) _counts[i] += other._counts[i];
    }

    /// <summary>Moves the counts out, leaving zeros, so concurrent recording loses nothing.</summary>
    public LatencyHistogram Take()
    {
        var taken = new LatencyHistogram();
        for (var i = 0; i < Buckets; i++) taken._counts[i] = Interlocked.Exchange(ref _counts[i], 0);
        return taken;
    }

    /// <summary>The latency under which a fraction <paramref name="q"/> of requests fell (the bucket's upper bound); 0 when empty.</summary>
    public double Percentile(double q)
    {
        var total = Count;
        if (total == 0) return 0;
        var rank = Rank(q, total);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Bounds[i];
        }
        return Bounds[Buckets - 1];
    }

    /// <summary>p50, p95 and p99 in one pass over the buckets.</summary>
    public (double P50, double P95, double P99) Percentiles()
    {
        var total = Count;
        if (total == 0) return (0, 0, 0);
        Span<long> ranks = [Rank(0.50, total), Rank(0.95, total), Rank(0.99, total)];
        Span<double> found = stackalloc double[3];
        var next = 0;
        long seen = 0;
        for (var i = 0; i < Buckets && next < 3; i++)
        {
            seen += _counts[i];
            while (next < 3 && seen >= ranks[next]) found[next++] = Bounds[i];
        }
        for (; next < 3; next++) found[next] = Bounds[Buckets - 1];
        return (found[0], found[1], found[2]);
    }

    private static long Rank(double q, long total) => Math.Max(1, (long)Math.Ceiling(q * total));

    /// <summary>The non-zero buckets as (index, count varint) pairs: a few bytes for a typical minute.</summary>
    public byte[] Encode()
    {
        using var output = new MemoryStream();
        for (var i = 0; i < Buckets; i++)
        {
            if (_counts[i] == 0) continue;
            output.WriteByte((byte)i);
            var value = (ulong)_counts[i];
            while (value >= 0x80)
            {
                output.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            output.WriteByte((byte)value);
        }
        return output.ToArray();
    }

    public static LatencyHistogram Decode(ReadOnlySpan<byte> encoded)
    {
        var histogram = new LatencyHistogram();
        histogram.AddEncoded(encoded);
        return histogram;
    }

    /// <summary>Adds an encoded histogram's counts, without decoding it into an object first.</summary>
    public void AddEncoded(ReadOnlySpan<byte> encoded)
    {
        var at = 0;
        while (at < encoded.Length)
        {
            int bucket = encoded[at++];
            ulong value = 0;
            var shift = 0;
            byte part;
            do
            {
                part = encoded[at++];
                value |= (ulong)(part & 0x7F) << shift;
                shift += 7;
            }
            while ((part & 0x80) != 0);
            if (bucket < Buckets) _counts[bucket] += (long)value;
        }
    }
}
