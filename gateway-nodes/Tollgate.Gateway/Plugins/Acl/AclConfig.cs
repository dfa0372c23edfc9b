using System.Text.Json.Nodes;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.Acl;

/// <summary>Kong's acl config: the groups allowed, or the groups denied, and what the upstream is told.</summary>
public sealed record AclConfig(IReadOnlySet<string> Allow, IReadOnlySet<string> Deny, bool HideGroupsHeader, bool IncludeConsumerGroups)
{
    public static readonly PluginSchema Schema = new(
        Texts("allow"),
        Texts("deny"),
        Flag("hide_groups_header", false),
        Flag("include_consumer_groups", false),
        Flag("always_use_authenticated_groups", false))
    {
        NoConsumer = true,
        Checks = config =>
        {
            var allow = config["allow"] is JsonArray { Count: > 0 };
            var deny = config["deny"] is JsonArray { Count: > 0 };
            return allow && deny ? ["only one of these fields must be non-empty: 'config.allow', 'config.deny'"]
                : !allow && !deny ? ["at least one of these fields must be non-empty: 'config.allow', 'config.deny'"]
                : [];
        },
    };

    public static AclConfig From(JsonObject config) => new(
        config.Strings("allow").ToHashSet(StringComparer.Ordinal),
        config.Strings("deny").ToHashSet(StringComparer.Ordinal),
        config.Bool("hide_groups_header"),
        config.Bool("include_consumer_groups"));
}
