using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins.RequestTermination;

/// <summary>Kong's request-termination config: the status and either a message or a raw body with its content type.</summary>
public sealed record RequestTerminationConfig(int StatusCode, string? Message, string? Body, string? ContentType)
{
    public static RequestTerminationConfig From(JsonObject config)
    {
        var status = (int)(config.Number("status_code") ?? 503);
        if (status is < 100 or > 599) throw new FormatException("request-termination status_code must be between 100 and 599");
        var body = config.String("body");
        var message = config.String("message");
        if (body is not null && message is not null) throw new FormatException("request-termination takes either message or body, not both");
        return new RequestTerminationConfig(status, message, body, config.String("content_type"));
    }
}
