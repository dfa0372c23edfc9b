using System.Text.Json.Nodes;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.RequestSizeLimiting;

/// <summary>Kong's request-size-limiting config: the largest body allowed, in its unit, and whether Content-Length is required.</summary>
public sealed record RequestSizeLimitingConfig(long AllowedBytes, bool RequireContentLength)
{
    public static readonly PluginSchema Schema = new(
        Whole("allowed_payload_size", 128, 0),
        Choice("size_unit", "megabytes", "megabytes", "kilobytes", "bytes"),
        Flag("require_content_length", false));

    public static RequestSizeLimitingConfig From(JsonObject config)
    {
        var size = (long)config.Number("allowed_payload_size")!.Value;
        var unit = config.String("size_unit") switch
        {
            "megabytes" => 1024L * 1024,
            "kilobytes" => 1024L,
            _ => 1L,
        };
        return new RequestSizeLimitingConfig(size * unit, config.Bool("require_content_length"));
    }
}
