using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.Cors;

/// <summary>Kong's cors config: allowed origins (exact or regex), methods, headers, and what preflight answers say.</summary>
public sealed record CorsConfig(
    IReadOnlyList<string> Origins,
    IReadOnlyList<Regex> OriginPatterns,
    string? Headers,
    string? ExposedHeaders,
    string Methods,
    long? MaxAge,
    bool Credentials,
    bool PrivateNetwork,
    bool PreflightContinue)
{
    private static readonly string[] AllMethods = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"];

    public static readonly PluginSchema Schema = new(
        Texts("origins", Field.String("origin") with { Rule = v => v.GetValue<string>() == "*" ? null : Rules.Regex(v) }),
        Texts("headers"),
        Texts("exposed_headers"),
        Texts("methods", Field.String("method") with { OneOf = AllMethods }, AllMethods),
        new Field("max_age", FieldKind.Number),
        Flag("credentials", false),
        Flag("private_network", false),
        Flag("preflight_continue", false))
    {
        NoConsumer = true,
    };

    public bool AnyOrigin => Origins.Count == 0 || Origins.Contains("*");

    public static CorsConfig From(JsonObject config)
    {
        var origins = config.Strings("origins");
        string? List(string field) => config.Strings(field) is { Length: > 0 } values ? string.Join(",", values) : null;
        return new CorsConfig(
            origins,
            // An origin that is not a plain origin is a regex, matched against the whole Origin header.
            [.. origins.Where(o => o != "*" && !Uri.TryCreate(o, UriKind.Absolute, out _)).Select(o => new Regex($"^(?:{o})$", RegexOptions.CultureInvariant))],
            List("headers"),
            List("exposed_headers"),
            List("methods")!,
            config.Number("max_age") is { } maxAge ? (long)maxAge : null,
            config.Bool("credentials"),
            config.Bool("private_network"),
            config.Bool("preflight_continue"));
    }

    /// <summary>The Access-Control-Allow-Origin to send for a request's Origin, or null when it is not allowed.</summary>
    public string? AllowedOrigin(string? origin)
    {
        if (AnyOrigin) return Credentials && origin is not null ? origin : "*";
        if (origin is null) return null;
        foreach (var allowed in Origins)
        {
            if (string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)) return origin;
        }
        return OriginPatterns.Any(p => p.IsMatch(origin)) ? origin : null;
    }
}
