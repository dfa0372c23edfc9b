using System.Data.Common;
using Tollgate.Storage;

namespace Tollgate.Analytics;

/// <summary>
/// Tenants' usage in the database: each node batch is added to minute, hour and day rows (the rollups are kept as
/// batches arrive, so a month at hour granularity reads hour rows only), and recorded by (node, sequence) in the
/// same transaction, so a batch counts once however often it is sent.
/// </summary>
public sealed class UsageStore(Database database)
{
    /// <summary>Seconds per bucket of each granularity.</summary>
    public static readonly IReadOnlyDictionary<string, int> Granularities = new Dictionary<string, int>
    {
        ["minute"] = 60,
        ["hour"] = 3600,
        ["day"] = 86400,
    };

    private readonly record struct RowKey(int Granularity, Projection Projection, long Bucket, Guid Service, Guid Route, Guid Consumer, int Status, UsageSource Source);

    /// <summary>
    /// The same traffic kept at several depths: every dimension (for combined filters), and the totals, per service,
    /// per route and per consumer (status and source always). A query reads the smallest one that answers it: a month
    /// of totals is 720 hour rows per status and source, not one per route × consumer × status.
    /// </summary>
    public enum Projection
    {
        Full = 0,
        Totals = 1,
        Service = 2,
        Route = 3,
        Consumer = 4,
    }

    private static readonly Projection[] Projections = Enum.GetValues<Projection>();

    private static RowKey Project(int granularity, Projection projection, long bucket, UsageRow row) => projection switch
    {
        Projection.Totals => new(granularity, projection, bucket, Guid.Empty, Guid.Empty, Guid.Empty, row.Status, row.Source),
        Projection.Service => new(granularity, projection, bucket, row.Service, Guid.Empty, Guid.Empty, row.Status, row.Source),
        Projection.Route => new(granularity, projection, bucket, row.Service, row.Route, Guid.Empty, row.Status, row.Source),
        Projection.Consumer => new(granularity, projection, bucket, Guid.Empty, Guid.Empty, row.Consumer, row.Status, row.Source),
        _ => new(granularity, projection, bucket, row.Service, row.Route, row.Consumer, row.Status, row.Source),
    };

    /// <summary>The smallest projection holding the dimensions a query groups or filters by.</summary>
    public static Projection For(string? groupBy, UsageFilter filter)
    {
        var service = groupBy == "service" || filter.Service is not null;
        var route = groupBy == "route" || filter.Route is not null;
        var consumer = groupBy == "consumer" || filter.Consumer is not null;
        return (service, route, consumer) switch
        {
            (false, false, false) => Projection.Totals,
            (true, false, false) => Projection.Service,
            (_, true, false) => Projection.Route,
            (false, false, true) => Projection.Consumer,
            _ => Projection.Full,
        };
    }

    private sealed class Sums
    {
        public long Requests;
        public long BytesIn;
        public long BytesOut;
        public readonly LatencyHistogram Latency = new();
        public readonly LatencyHistogram Upstream = new();
        public readonly LatencyHistogram Gateway = new();

        public void Add(long requests, long bytesIn, long bytesOut, byte[] latency, byte[] upstream, byte[] gateway)
        {
            Requests += requests;
            BytesIn += bytesIn;
            BytesOut += bytesOut;
            Latency.AddEncoded(latency);
            Upstream.AddEncoded(upstream);
            Gateway.AddEncoded(gateway);
        }
    }

    /// <summary>Adds a batch; false when it had been recorded before (and nothing changed).</summary>
    public async Task<bool> Record(UsageBatch batch, CancellationToken cancellation = default)
    {
        var sums = new Dictionary<RowKey, Sums>();
        foreach (var row in batch.Rows)
        {
            foreach (var seconds in Granularities.Values)
            {
                foreach (var projection in Projections)
                {
                    var key = Project(seconds, projection, row.Minute * 60 / seconds * seconds, row);
                    if (!sums.TryGetValue(key, out var sum)) sums[key] = sum = new Sums();
                    sum.Add(row.Requests, row.BytesIn, row.BytesOut, row.Latency, row.UpstreamLatency, row.GatewayLatency);
                }
            }
        }
        await using var connection = await database.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        var first = await connection.Command(
            "INSERT INTO analytics_batches (node, seq, tenant, received_at) VALUES (@n, @s, @t, @r) ON CONFLICT DO NOTHING", transaction,
            ("@n", batch.Node), ("@s", batch.Sequence), ("@t", batch.Tenant), ("@r", DateTimeOffset.UtcNow.ToUnixTimeSeconds())).ExecuteNonQueryAsync(cancellation);
        if (first == 0) return false;
        foreach (var (key, sum) in sums) await Upsert(connection, transaction, batch.Tenant, key, sum, cancellation);
        await transaction.CommitAsync(cancellation);
        return true;
    }

    private static async Task Upsert(DbConnection connection, DbTransaction transaction, string tenant, RowKey key, Sums sum, CancellationToken cancellation)
    {
        (string, object?)[] where =
        [
            ("@tenant", tenant), ("@g", key.Granularity), ("@p", (int)key.Projection), ("@b", key.Bucket), ("@svc", key.Service.ToString()),
            ("@route", key.Route.ToString()), ("@consumer", key.Consumer.ToString()), ("@status", key.Status), ("@source", (int)key.Source),
        ];
        const string match = "tenant = @tenant AND granularity = @g AND projection = @p AND bucket = @b AND service = @svc AND route = @route AND consumer = @consumer AND status = @status AND source = @source";
        await using (var reader = await connection.Command($"SELECT requests, bytes_in, bytes_out, latency, upstream_latency, gateway_latency FROM analytics_usage WHERE {match}", transaction, where).ExecuteReaderAsync(cancellation))
        {
            if (await reader.ReadAsync(cancellation))
            {
                sum.Add(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (byte[])reader[3], (byte[])reader[4], (byte[])reader[5]);
                await reader.DisposeAsync();
                await connection.Command(
                    $"UPDATE analytics_usage SET requests = @req, bytes_in = @in, bytes_out = @out, latency = @lat, upstream_latency = @up, gateway_latency = @gw WHERE {match}",
                    transaction, [.. where, .. Values(sum)]).ExecuteNonQueryAsync(cancellation);
                return;
            }
        }
        await connection.Command(
            """
            INSERT INTO analytics_usage (tenant, granularity, projection, bucket, service, route, consumer, status, source, requests, bytes_in, bytes_out, latency, upstream_latency, gateway_latency)
            VALUES (@tenant, @g, @p, @b, @svc, @route, @consumer, @status, @source, @req, @in, @out, @lat, @up, @gw)
            """,
            transaction, [.. where, .. Values(sum)]).ExecuteNonQueryAsync(cancellation);
    }

    private static (string, object?)[] Values(Sums sum) =>
    [
        ("@req", sum.Requests), ("@in", sum.BytesIn), ("@out", sum.BytesOut),
        ("@lat", sum.Latency.Encode()), ("@up", sum.Upstream.Encode()), ("@gw", sum.Gateway.Encode()),
    ];

    /// <summary>Minute rows are kept this long; hour rows as long as the plan's retention; day rows for invoices too.</summary>
    public static readonly TimeSpan MinuteRetention = TimeSpan.FromDays(2);
    public static readonly TimeSpan DayRetention = TimeSpan.FromDays(400);
    /// <summary>How long a batch's name is remembered: longer than any spool waits to be resent.</summary>
    public static readonly TimeSpan BatchMemory = TimeSpan.FromDays(30);

    /// <summary>Drops the tenant's rows past their retention (hour rows after the plan's <paramref name="retentionDays"/>).</summary>
    public async Task Prune(string tenant, int retentionDays, DateTimeOffset now, CancellationToken cancellation = default)
    {
        var seconds = now.ToUnixTimeSeconds();
        await using var connection = await database.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        foreach (var (granularity, keep) in new[] { (60, MinuteRetention), (3600, TimeSpan.FromDays(retentionDays)), (86400, DayRetention > TimeSpan.FromDays(retentionDays) ? DayRetention : TimeSpan.FromDays(retentionDays)) })
        {
            await connection.Command("DELETE FROM analytics_usage WHERE tenant = @t AND granularity = @g AND bucket < @before", transaction,
                ("@t", tenant), ("@g", granularity), ("@before", seconds - (long)keep.TotalSeconds)).ExecuteNonQueryAsync(cancellation);
        }
        await connection.Command("DELETE FROM analytics_batches WHERE tenant = @t AND received_at < @before", transaction,
            ("@t", tenant), ("@before", seconds - (long)BatchMemory.TotalSeconds)).ExecuteNonQueryAsync(cancellation);
        await transaction.CommitAsync(cancellation);
    }

    /// <summary>The tenant's billable requests since a time (day rows: whole days from a month's start).</summary>
    public async Task<long> Billable(string tenant, long since, long until = long.MaxValue, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenAsync(cancellation);
        var total = await connection.Command(
            $"SELECT COALESCE(SUM(requests), 0) FROM analytics_usage WHERE tenant = @t AND granularity = 86400 AND projection = @p AND bucket >= @since AND bucket < @until AND source IN ({BillableSources})",
            null, ("@t", tenant), ("@p", (int)Projection.Totals), ("@since", since), ("@until", until)).ExecuteScalarAsync(cancellation);
        return Convert.ToInt64(total, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Billable requests per hour (unix seconds of the hour's start) in [from, to); hours without any are absent.</summary>
    public async Task<Dictionary<long, long>> BillableHours(string tenant, long from, long to, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await using var reader = await connection.Command(
            $"SELECT bucket, SUM(requests) FROM analytics_usage WHERE tenant = @t AND granularity = 3600 AND projection = @p AND bucket >= @from AND bucket < @to AND source IN ({BillableSources}) GROUP BY bucket",
            null, ("@t", tenant), ("@p", (int)Projection.Totals), ("@from", from), ("@to", to)).ExecuteReaderAsync(cancellation);
        var hours = new Dictionary<long, long>();
        while (await reader.ReadAsync(cancellation)) hours[reader.GetInt64(0)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        return hours;
    }

    private static readonly string BillableSources = string.Join(", ", Enum.GetValues<UsageSource>().Where(UsageSources.Billable).Select(s => (int)s));

    /// <summary>One stored row as queries read it.</summary>
    /// <remarks>Latencies stay encoded; reports merge them without decoding each row into an object.</remarks>
    public sealed record Row(long Bucket, Guid Service, Guid Route, Guid Consumer, int Status, UsageSource Source,
        long Requests, long BytesIn, long BytesOut, byte[] Latency, byte[] Upstream, byte[] Gateway);

    /// <summary>
    /// Rows whose sum is the tenant's traffic in [from, to), for answers without a series (top-N): whole days from
    /// day rows and the partial days at either end from hour rows, so a month is some 30 rows per group, not 720.
    /// </summary>
    public async Task<List<Row>> ReadTotals(string tenant, long from, long to, UsageFilter filter, string? groupBy, CancellationToken cancellation = default)
    {
        var firstDay = (from + 86399) / 86400 * 86400;
        var lastDay = to / 86400 * 86400;
        if (firstDay >= lastDay) return await Read(tenant, 3600, from, to, filter, groupBy, cancellation);
        var rows = await Read(tenant, 86400, firstDay, lastDay, filter, groupBy, cancellation);
        rows.AddRange(await Read(tenant, 3600, from, firstDay, filter, groupBy, cancellation));
        rows.AddRange(await Read(tenant, 3600, lastDay, to, filter, groupBy, cancellation));
        return rows;
    }

    /// <summary>The tenant's rows of one granularity in [from, to), from the smallest projection that answers the grouping and filters.</summary>
    public async Task<List<Row>> Read(string tenant, int granularity, long from, long to, UsageFilter filter, string? groupBy = null, CancellationToken cancellation = default)
    {
        var sql = "SELECT bucket, service, route, consumer, status, source, requests, bytes_in, bytes_out, latency, upstream_latency, gateway_latency " +
                  "FROM analytics_usage WHERE tenant = @tenant AND granularity = @g AND projection = @p AND bucket >= @from AND bucket < @to";
        var parameters = new List<(string, object?)> { ("@tenant", tenant), ("@g", granularity), ("@p", (int)For(groupBy, filter)), ("@from", from), ("@to", to) };
        if (filter.Service is { } service) { sql += " AND service = @svc"; parameters.Add(("@svc", service.ToString())); }
        if (filter.Route is { } route) { sql += " AND route = @route"; parameters.Add(("@route", route.ToString())); }
        if (filter.Consumer is { } consumer) { sql += " AND consumer = @consumer"; parameters.Add(("@consumer", consumer.ToString())); }
        if (filter.StatusClass is { } statusClass) { sql += " AND status >= @slo AND status < @shi"; parameters.Add(("@slo", statusClass * 100)); parameters.Add(("@shi", statusClass * 100 + 100)); }
        if (filter.Source is { } source) { sql += " AND source = @source"; parameters.Add(("@source", (int)source)); }
        await using var connection = await database.OpenAsync(cancellation);
        await using var reader = await connection.Command(sql, null, [.. parameters]).ExecuteReaderAsync(cancellation);
        var rows = new List<Row>();
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add(new Row(reader.GetInt64(0), Guid.Parse(reader.GetString(1)), Guid.Parse(reader.GetString(2)), Guid.Parse(reader.GetString(3)),
                reader.GetInt32(4), (UsageSource)reader.GetInt32(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8),
                (byte[])reader[9], (byte[])reader[10], (byte[])reader[11]));
        }
        return rows;
    }
}

/// <summary>What an analytics query narrows to; unset fields do not filter.</summary>
public sealed record UsageFilter(Guid? Service = null, Guid? Route = null, Guid? Consumer = null, int? StatusClass = null, UsageSource? Source = null);
