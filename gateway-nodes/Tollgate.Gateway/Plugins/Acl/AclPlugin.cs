namespace Tollgate.Gateway.Plugins.Acl;

/// <summary>
/// Kong's acl: lets the authenticated consumer through only when its groups are allowed (or none is denied), and
/// tells the upstream its groups in X-Consumer-Groups.
/// </summary>
public sealed class AclPlugin : GatewayPlugin<AclConfig>
{
    public override string Name => "acl";
    public override int Priority => 950;
    public override Analytics.UsageSource Answers => Analytics.UsageSource.Auth;
    public override PluginSchema Schema => AclConfig.Schema;

    public override AclConfig Parse(Guid instance, System.Text.Json.Nodes.JsonObject config) => AclConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, AclConfig config)
    {
        if (context.Consumer is not { } consumer)
        {
            await context.Respond(401, "Unauthorized");
            return false;
        }
        var groups = config.IncludeConsumerGroups ? [.. consumer.AclGroups, .. consumer.GroupNames] : consumer.AclGroups;
        var allowed = config.Allow.Count > 0 ? groups.Any(config.Allow.Contains) : !groups.Any(config.Deny.Contains);
        if (!allowed)
        {
            await context.Respond(403, "You cannot consume this service");
            return false;
        }
        var headers = context.Http.Request.Headers;
        if (!config.HideGroupsHeader && groups.Count > 0) headers["X-Consumer-Groups"] = string.Join(", ", groups);
        else headers.Remove("X-Consumer-Groups");
        return true;
    }
}
