using System.Text.Json.Nodes;
using Tollgate.Entities;
using Tollgate.Gateway.Net;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.IpRestriction;

/// <summary>Kong's ip-restriction config: allowed and denied addresses or CIDR ranges, and the refusal's status and message.</summary>
public sealed record IpRestrictionConfig(IpRanges Allow, IpRanges Deny, int Status, string Message)
{
    public static readonly PluginSchema Schema = new(
        Texts("allow", Field.String("allow") with { Rule = Rules.IpOrCidr }),
        Texts("deny", Field.String("deny") with { Rule = Rules.IpOrCidr }),
        Whole("status", null, 100, 599),
        Text("message"))
    {
        Checks = PluginSchema.AtLeastOneOf("allow", "deny"),
    };

    public static IpRestrictionConfig From(JsonObject config) => new(
        new IpRanges(config.Strings("allow")),
        new IpRanges(config.Strings("deny")),
        (int)(config.Number("status") ?? 403),
        config.String("message") ?? "Your IP address is not allowed");
}
