using System.Text.Json.Nodes;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.CorrelationId;

/// <summary>Kong's correlation-id config: the header, how ids are made (uuid, uuid#counter, tracker), and whether the client sees it.</summary>
public sealed record CorrelationIdConfig(string HeaderName, string Generator, bool EchoDownstream)
{
    public static readonly PluginSchema Schema = new(
        Text("header_name", "Kong-Request-ID"),
        Choice("generator", "uuid#counter", "uuid", "uuid#counter", "tracker"),
        Flag("echo_downstream", false));

    public static CorrelationIdConfig From(JsonObject config) =>
        new(config.String("header_name")!, config.String("generator")!, config.Bool("echo_downstream"));
}
