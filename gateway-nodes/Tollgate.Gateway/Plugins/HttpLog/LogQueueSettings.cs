using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.HttpLog;

/// <summary>
/// Kong's queue record: how entries are batched, how much may wait, and how long a failing batch is retried.
/// <see cref="Unlimited"/> (concurrency_limit -1) sends batches without waiting for earlier ones.
/// </summary>
public sealed record LogQueueSettings(int MaxBatchSize, TimeSpan MaxCoalescingDelay, int MaxEntries, long? MaxBytes, TimeSpan MaxRetryTime, TimeSpan InitialRetryDelay, TimeSpan MaxRetryDelay, bool Unlimited)
{
    public static readonly Field Field = Entities.Field.Record("queue",
        Whole("max_batch_size", 1, 1, 1_000_000),
        new Field("max_coalescing_delay", FieldKind.Number) { Default = 1, Required = true, Rule = Between(0, 3600) },
        Whole("max_entries", 10000, 1, 1_000_000),
        Whole("max_bytes", null, 1),
        new Field("max_retry_time", FieldKind.Number) { Default = 60, Required = true, Rule = Between(0, 1e9) },
        new Field("initial_retry_delay", FieldKind.Number) { Default = 0.01, Required = true, Rule = Between(0.001, 1_000_000) },
        new Field("max_retry_delay", FieldKind.Number) { Default = 60, Required = true, Rule = Between(0.001, 1_000_000) },
        Whole("concurrency_limit", 1) with { OneOf = null, Rule = v => v.GetValue<long>() is 1 or -1 ? null : "expected one of: -1, 1" });

    private static Func<JsonNode, string?> Between(double min, double max) => value =>
        value.GetValue<double>() is var number && number >= min && number <= max ? null : $"value should be between {min} and {max}";

    public static LogQueueSettings From(JsonObject queue) => new(
        (int)queue.Number("max_batch_size")!.Value,
        TimeSpan.FromSeconds(queue.Number("max_coalescing_delay")!.Value),
        (int)queue.Number("max_entries")!.Value,
        queue.Number("max_bytes") is { } bytes ? (long)bytes : null,
        TimeSpan.FromSeconds(queue.Number("max_retry_time")!.Value),
        TimeSpan.FromSeconds(queue.Number("initial_retry_delay")!.Value),
        TimeSpan.FromSeconds(queue.Number("max_retry_delay")!.Value),
        queue.Number("concurrency_limit") == -1);
}
