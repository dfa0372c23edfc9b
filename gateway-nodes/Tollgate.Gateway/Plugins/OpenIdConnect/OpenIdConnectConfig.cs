using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.OpenIdConnect;

/// <summary>
/// The part of Kong's openid-connect config that bearer-token validation uses: the issuer (whose discovery document
/// names its signing keys), the audiences and scopes a token must carry, and how a claim maps to a consumer.
/// </summary>
public sealed record OpenIdConnectConfig(
    string Issuer,
    string[] AudienceRequired,
    string[] AudienceClaim,
    string[][] ScopesRequired,
    string[] ScopesClaim,
    string[] ConsumerClaim,
    string[] ConsumerBy,
    bool ConsumerOptional,
    double Leeway,
    TimeSpan RediscoveryLifetime,
    string? Anonymous,
    bool RunOnPreflight)
{
    public static readonly PluginSchema Schema = new(
        Text("issuer") with { Required = true, Rule = v => Uri.TryCreate(v.GetValue<string>(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null : "expected an http or https URL" },
        Texts("auth_methods", Field.String("auth_method") with { OneOf = ["bearer"] }, "bearer"),
        Texts("audience_required"),
        Texts("audience_claim", "aud"),
        Texts("scopes_required"),
        Texts("scopes_claim", "scope"),
        Texts("consumer_claim"),
        Texts("consumer_by", Field.String("consumer_by") with { OneOf = ["id", "username", "custom_id"] }, "username", "custom_id"),
        Flag("consumer_optional", false),
        new Field("leeway", FieldKind.Number) { Default = 0, Required = true, Rule = v => v.GetValue<double>() >= 0 ? null : "value must be at least 0" },
        Whole("rediscovery_lifetime", 30, 0),
        Text("anonymous"),
        Flag("run_on_preflight", true))
    {
        NoConsumer = true,
    };

    public static OpenIdConnectConfig From(JsonObject config) => new(
        config.String("issuer")!.TrimEnd('/'),
        config.Strings("audience_required"),
        config.Strings("audience_claim"),
        [.. config.Strings("scopes_required").Select(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries))],
        config.Strings("scopes_claim"),
        config.Strings("consumer_claim"),
        config.Strings("consumer_by"),
        config.Bool("consumer_optional"),
        config.Number("leeway") ?? 0,
        TimeSpan.FromSeconds(config.Number("rediscovery_lifetime") ?? 30),
        config.String("anonymous"),
        config.Bool("run_on_preflight"));
}
