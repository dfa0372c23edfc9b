using System.Text.RegularExpressions;
using Tollgate.Entities;

namespace Tollgate.Tenants;

/// <summary>The rules for a tenant slug: a DNS label of 3 to 40 characters that no Admin API path uses.</summary>
public static partial class TenantSlug
{
    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    private static readonly HashSet<string> Reserved =
    [
        "tenants", "status", "schemas", "openapi", "docs", "config", "tags", "admin", "api", "www", "portal", "console",
        "metrics", "health", "default", "kong", "tollgate", "key-auth", "basic-auth", "consumer_groups", "admin-tokens",
        "analytics", "proxy-cache", "billing",
    ];

    /// <summary>Why the slug is not acceptable, or null when it is.</summary>
    public static string? Problem(string slug)
    {
        if (slug.Length is < 3 or > 40)
        {
            return "length must be between 3 and 40";
        }
        if (!DnsLabel().IsMatch(slug))
        {
            return "must be lowercase letters, digits and '-', starting and ending with a letter or digit";
        }
        return IsReserved(slug) ? $"'{slug}' is reserved" : null;
    }

    public static bool IsDnsLabel(string text) => text.Length is > 0 and <= 63 && DnsLabel().IsMatch(text);

    public static bool IsReserved(string slug) => Reserved.Contains(slug) || EntityCatalog.Kong.ByEndpoint(slug) is not null;
}
