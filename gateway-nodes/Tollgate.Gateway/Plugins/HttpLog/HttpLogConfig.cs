using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.HttpLog;

/// <summary>Kong's http-log config: where log records go, how, and the queue that batches and retries them.</summary>
public sealed record HttpLogConfig(Guid Instance, Uri Endpoint, string Method, string ContentType, TimeSpan Timeout, IReadOnlyList<KeyValuePair<string, string>> Headers, LogQueueSettings Queue)
{
    public static readonly PluginSchema Schema = new(
        Field.String("http_endpoint") with { Required = true, Rule = AbsoluteHttpUrl },
        Choice("method", "POST", "POST", "PUT", "PATCH"),
        Choice("content_type", "application/json", "application/json", "application/json; charset=utf-8"),
        Positive("timeout", 10000),
        Positive("keepalive", 60000),
        new Field("headers", FieldKind.Map) { Elements = Field.String("value") },
        LogQueueSettings.Field,
        NoLua())
    {
        Checks = config => config["headers"] is JsonObject headers
            ? headers.Select(h => h.Key).Where(h => Rules.HeaderName(JsonValue.Create(h)) is not null).Select(h => $"bad header name '{h}' in headers")
            : [],
    };

    private static string? AbsoluteHttpUrl(JsonNode value) =>
        Uri.TryCreate(value.GetValue<string>(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null : "missing host in url";

    public static HttpLogConfig From(Guid instance, JsonObject config) => new(
        instance,
        new Uri(config.String("http_endpoint")!),
        config.String("method")!,
        config.String("content_type")!,
        TimeSpan.FromMilliseconds(config.Number("timeout")!.Value),
        config["headers"] is JsonObject headers ? [.. headers.Select(h => KeyValuePair.Create(h.Key, h.Value!.GetValue<string>()))] : [],
        LogQueueSettings.From((JsonObject)config["queue"]!));
}
