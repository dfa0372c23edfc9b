using System.Text.Json.Nodes;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.RequestTermination;

/// <summary>
/// Kong's request-termination config: the status and either a message or a raw body with its content type; echo
/// answers with the request itself, and a trigger limits termination to requests naming it in a header or query.
/// </summary>
public sealed record RequestTerminationConfig(int StatusCode, string? Message, string? Body, string? ContentType, bool Echo, string? Trigger)
{
    public static readonly PluginSchema Schema = new(
        Whole("status_code", 503, 100, 599),
        Text("message"),
        Text("content_type"),
        Text("body"),
        Flag("echo", false),
        Field("trigger"))
    {
        Checks = config =>
        {
            var errors = new List<string>();
            if (config["message"] is not null && (config["content_type"] is not null || config["body"] is not null))
                errors.Add("message cannot be used with content_type or body");
            if (config["content_type"] is not null && config["body"] is null)
                errors.Add("content_type requires a body");
            if (config["echo"]!.GetValue<bool>() && (config["content_type"] is not null || config["body"] is not null))
                errors.Add("echo cannot be used with content_type and body");
            return errors;
        },
    };

    private static Entities.Field Field(string name) => Text(name) with { Rule = Entities.Rules.HeaderName };

    public static RequestTerminationConfig From(JsonObject config) => new(
        (int)config.Number("status_code")!.Value,
        config.String("message"),
        config.String("body"),
        config.String("content_type"),
        config.Bool("echo"),
        config.String("trigger"));
}
