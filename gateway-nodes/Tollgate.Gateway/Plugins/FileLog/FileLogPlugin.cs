using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Gateway.Plugins.FileLog;

/// <summary>Kong's file-log: the request's log record, one JSON line per request, appended in the background.</summary>
public sealed class FileLogPlugin : GatewayPlugin<FileLogConfig>
{
    public override string Name => "file-log";
    public override int Priority => 9;
    public override PluginSchema Schema => FileLogConfig.Schema;

    public override FileLogConfig Parse(Guid instance, JsonObject config) => FileLogConfig.From(config);

    public override void HeaderFilter(PluginContext context, FileLogConfig config) => context.CountResponseBytes();

    public override void Log(PluginContext context, FileLogConfig config)
    {
        var writer = context.Services.GetRequiredService<FileLogWriter>();
        writer.Add(writer.FileOf(context.Runtime.Tenant.Slug, config.Path), config.Reopen, JsonSerializer.SerializeToUtf8Bytes(LogEntry.Of(context)));
    }
}
