using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Net;

namespace Tollgate.Gateway.Plugins.IpRestriction;

/// <summary>Kong's ip-restriction: refuses clients on the deny list, or off the allow list when there is one.</summary>
public sealed class IpRestrictionPlugin : GatewayPlugin<IpRestrictionConfig>
{
    public override string Name => "ip-restriction";
    public override int Priority => 990;
    public override PluginSchema Schema => IpRestrictionConfig.Schema;

    public override IpRestrictionConfig Parse(Guid instance, System.Text.Json.Nodes.JsonObject config) => IpRestrictionConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, IpRestrictionConfig config)
    {
        var client = context.Services.GetRequiredService<ClientAddress>().Of(context.Http);
        var refused = config.Deny.Contains(client) || (!config.Allow.IsEmpty && !config.Allow.Contains(client));
        if (!refused) return true;
        await context.Respond(config.Status, config.Message);
        return false;
    }
}
