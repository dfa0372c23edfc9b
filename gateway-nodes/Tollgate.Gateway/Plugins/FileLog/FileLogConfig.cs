using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.FileLog;

/// <summary>
/// Kong's file-log config. The path is the tenant's own: it is resolved inside the tenant's folder under the node's
/// Gateway:LogDir, so "/var/log/api.log" lands in "{LogDir}/{tenant}/var/log/api.log" and no tenant reaches another's files.
/// </summary>
public sealed record FileLogConfig(string Path, bool Reopen)
{
    public static readonly PluginSchema Schema = new(
        Field.String("path") with { Required = true, Rule = FileName },
        Flag("reopen", false),
        NoLua());

    private static string? FileName(JsonNode value)
    {
        var path = value.GetValue<string>();
        if (path.Length == 0 || path.IndexOfAny(['*', '&', '%', '`', '\\', '\0']) >= 0) return "not a valid filename";
        return path.Split('/').Any(segment => segment == "..") ? "must not contain '..'" : null;
    }

    public static FileLogConfig From(JsonObject config) => new(config.String("path")!.TrimStart('/'), config.Bool("reopen"));
}
