using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.ProxyCache;

/// <summary>
/// Kong's proxy-cache config: which requests and responses are cached (methods, statuses, content types), for how
/// long, whether Cache-Control is obeyed, what varies the key, and which cache headers the client sees.
/// </summary>
public sealed record ProxyCacheConfig(
    Guid Instance,
    IReadOnlySet<int> ResponseCodes,
    IReadOnlySet<string> RequestMethods,
    IReadOnlyList<string> ContentTypes,
    int CacheTtl,
    int? StorageTtl,
    bool CacheControl,
    bool IgnoreUriCase,
    IReadOnlyList<string>? VaryQueryParams,
    IReadOnlyList<string> VaryHeaders,
    bool AgeHeader,
    bool StatusHeader,
    bool KeyHeader)
{
    public static readonly PluginSchema Schema = new(
        new Field("response_code", FieldKind.Array)
        {
            Elements = Field.Integer("response_code") with { Min = 100, Max = 900 },
            Default = new JsonArray(200, 301, 404),
            Required = true,
            MinLength = 1,
        },
        Texts("request_method", Field.String("request_method") with { OneOf = ["HEAD", "GET", "POST", "PATCH", "PUT"] }, "GET", "HEAD") with { MinLength = 1 },
        Texts("content_type", "text/plain", "application/json") with { MinLength = 1 },
        Whole("cache_ttl", 300, 1),
        Choice("strategy", null, "memory") with { Required = true },
        Flag("cache_control", false),
        Flag("ignore_uri_case", false),
        Whole("storage_ttl", null, 0),
        Field.Record("memory", Text("dictionary_name", "kong_db_cache")),
        Texts("vary_query_params"),
        Texts("vary_headers"),
        Field.Record("response_headers", Flag("age", true), Flag("X-Cache-Status", true), Flag("X-Cache-Key", true)));

    public static ProxyCacheConfig From(Guid instance, JsonObject config)
    {
        var headers = (JsonObject)config["response_headers"]!;
        return new ProxyCacheConfig(
            instance,
            config["response_code"]!.AsArray().Select(c => (int)c!.GetValue<long>()).ToHashSet(),
            config.Strings("request_method").ToHashSet(StringComparer.Ordinal),
            config.Strings("content_type"),
            (int)config.Number("cache_ttl")!.Value,
            config.Number("storage_ttl") is { } storage ? (int)storage : null,
            config.Bool("cache_control"),
            config.Bool("ignore_uri_case"),
            config["vary_query_params"] is JsonArray ? config.Strings("vary_query_params") : null,
            config.Strings("vary_headers"),
            headers.Bool("age"),
            headers.Bool("X-Cache-Status"),
            headers.Bool("X-Cache-Key"));
    }
}
