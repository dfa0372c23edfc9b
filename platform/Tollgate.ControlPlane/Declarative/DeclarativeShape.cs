namespace Tollgate.Declarative;

/// <summary>How Kong's declarative format nests entities: the key under a parent, the child type, and the child's reference field.</summary>
internal static class DeclarativeShape
{
    public sealed record Nesting(string Key, string Child, string Field);

    public static readonly IReadOnlyDictionary<string, Nesting[]> Children = new Dictionary<string, Nesting[]>
    {
        ["certificates"] = [new("snis", "snis", "certificate")],
        ["services"] = [new("routes", "routes", "service"), new("plugins", "plugins", "service")],
        ["routes"] = [new("plugins", "plugins", "route")],
        ["upstreams"] = [new("targets", "targets", "upstream")],
        ["consumers"] =
        [
            new("keyauth_credentials", "keyauth_credentials", "consumer"),
            new("basicauth_credentials", "basicauth_credentials", "consumer"),
            new("acls", "acls", "consumer"),
            new("jwt_secrets", "jwt_secrets", "consumer"),
            new("hmacauth_credentials", "hmacauth_credentials", "consumer"),
            new("oauth2_credentials", "oauth2_credentials", "consumer"),
            new("plugins", "plugins", "consumer"),
        ],
        ["consumer_groups"] =
        [
            new("consumers", "consumer_group_consumers", "consumer_group"),
            new("plugins", "plugins", "consumer_group"),
        ],
    };

    /// <summary>Top-level keys that name no entity type but are part of the format.</summary>
    public static readonly IReadOnlySet<string> Meta = new HashSet<string> { "_format_version", "_transform", "_comment", "_workspace", "_info" };

    public static readonly IReadOnlySet<string> FormatVersions = new HashSet<string> { "1.1", "2.1", "3.0" };
}
