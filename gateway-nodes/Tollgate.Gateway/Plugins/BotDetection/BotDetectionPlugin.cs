namespace Tollgate.Gateway.Plugins.BotDetection;

/// <summary>
/// Kong's bot-detection: refuses requests whose User-Agent matches the deny list or the built-in list of known bots,
/// unless the allow list matches it first.
/// </summary>
public sealed class BotDetectionPlugin : GatewayPlugin<BotDetectionConfig>
{
    public override string Name => "bot-detection";
    public override int Priority => 2500;
    public override PluginSchema Schema => BotDetectionConfig.Schema;

    public override BotDetectionConfig Parse(Guid instance, System.Text.Json.Nodes.JsonObject config) => BotDetectionConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, BotDetectionConfig config)
    {
        var agent = context.Http.Request.Headers.UserAgent.ToString();
        if (agent.Length == 0 || config.Allow.Any(p => p.IsMatch(agent))) return true;
        if (!config.Deny.Any(p => p.IsMatch(agent)) && !KnownBots.Pattern().IsMatch(agent)) return true;
        await context.Respond(403, "Forbidden");
        return false;
    }
}
