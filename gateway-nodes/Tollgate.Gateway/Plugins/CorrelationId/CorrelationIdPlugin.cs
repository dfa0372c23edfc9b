using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins.CorrelationId;

/// <summary>
/// Kong's correlation-id: gives each request an id in a header (keeping one the client already sent), passes it
/// upstream, and echoes it to the client when asked.
/// </summary>
public sealed class CorrelationIdPlugin : GatewayPlugin<CorrelationIdConfig>
{
    private static readonly string Node = Guid.NewGuid().ToString();
    private static long _counter;

    public override string Name => "correlation-id";
    public override int Priority => 100001;
    public override PluginSchema Schema => CorrelationIdConfig.Schema;

    public override CorrelationIdConfig Parse(Guid instance, JsonObject config) => CorrelationIdConfig.From(config);

    public override ValueTask<bool> Access(PluginContext context, CorrelationIdConfig config)
    {
        var headers = context.Http.Request.Headers;
        var id = headers[config.HeaderName].FirstOrDefault();
        if (string.IsNullOrEmpty(id))
        {
            id = config.Generator switch
            {
                "uuid" => Guid.NewGuid().ToString(),
                // Kong's uuid#counter: a per-node uuid and a counter, cheaper than a fresh uuid per request.
                "uuid#counter" => $"{Node}#{Interlocked.Increment(ref _counter)}",
                _ => context.Http.TraceIdentifier,
            };
            headers[config.HeaderName] = id;
        }
        if (config.EchoDownstream)
        {
            (context.Items ??= [])[Name] = id;
        }
        return ValueTask.FromResult(true);
    }

    public override void HeaderFilter(PluginContext context, CorrelationIdConfig config)
    {
        if (config.EchoDownstream && context.Items?.GetValueOrDefault(Name) is string id)
        {
            context.Http.Response.Headers[config.HeaderName] = id;
        }
    }
}
