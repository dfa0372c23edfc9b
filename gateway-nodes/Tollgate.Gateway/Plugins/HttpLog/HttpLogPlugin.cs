using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Gateway.Plugins.HttpLog;

/// <summary>
/// Kong's http-log: after the response is sent, the request's log record is queued for the configured endpoint and
/// delivered in the background, batched and retried; a full queue drops entries rather than slow the gateway.
/// </summary>
public sealed class HttpLogPlugin : GatewayPlugin<HttpLogConfig>
{
    public override string Name => "http-log";
    public override int Priority => 12;
    public override PluginSchema Schema => HttpLogConfig.Schema;

    public override HttpLogConfig Parse(Guid instance, JsonObject config) => HttpLogConfig.From(instance, config);

    public override void HeaderFilter(PluginContext context, HttpLogConfig config) => context.CountResponseBytes();

    public override void Log(PluginContext context, HttpLogConfig config) =>
        context.Services.GetRequiredService<LogQueues>().Add(config, JsonSerializer.SerializeToUtf8Bytes(LogEntry.Of(context)));
}
