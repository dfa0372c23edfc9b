using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins.CorrelationId;

/// <summary>Kong's correlation-id config: the header, how ids are made (uuid, uuid#counter, tracker), and whether the client sees it.</summary>
public sealed record CorrelationIdConfig(string HeaderName, string Generator, bool EchoDownstream)
{
    private static readonly string[] Generators = ["uuid", "uuid#counter", "tracker"];

    public static CorrelationIdConfig From(JsonObject config)
    {
        var generator = config.String("generator", "uuid#counter")!;
        if (!Generators.Contains(generator))
        {
            throw new FormatException($"correlation-id generator must be one of: {string.Join(", ", Generators)}");
        }
        return new CorrelationIdConfig(config.String("header_name", "Kong-Request-ID")!, generator, config.Bool("echo_downstream", false));
    }
}
