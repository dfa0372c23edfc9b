using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.Jwt;

/// <summary>Kong's jwt config: where the token is looked for, which claim names the credential, and which claims are checked.</summary>
public sealed record JwtConfig(
    string[] UriParamNames,
    string[] CookieNames,
    string[] HeaderNames,
    string KeyClaimName,
    bool SecretIsBase64,
    IReadOnlySet<string> ClaimsToVerify,
    string? Anonymous,
    bool RunOnPreflight,
    double MaximumExpiration,
    string? Realm)
{
    public static readonly PluginSchema Schema = new(
        Texts("uri_param_names", "jwt"),
        Texts("cookie_names"),
        Texts("header_names", "authorization"),
        Text("key_claim_name", "iss"),
        Flag("secret_is_base64", false),
        new Field("claims_to_verify", FieldKind.Set) { Elements = Field.String("claim") with { OneOf = ["exp", "nbf"] } },
        Text("anonymous"),
        Flag("run_on_preflight", true),
        new Field("maximum_expiration", FieldKind.Number)
        {
            Default = 0, Required = true,
            Rule = v => v.GetValue<double>() is >= 0 and <= 31536000 ? null : "value should be between 0 and 31536000",
        },
        Text("realm"))
    {
        NoConsumer = true,
        Checks = config => config.Number("maximum_expiration") > 0 && !config.Strings("claims_to_verify").Contains("exp")
            ? ["'config.claims_to_verify' must contain 'exp' when 'config.maximum_expiration' is set"]
            : [],
    };

    public static JwtConfig From(JsonObject config) => new(
        config.Strings("uri_param_names"),
        config.Strings("cookie_names"),
        config.Strings("header_names"),
        config.String("key_claim_name")!,
        config.Bool("secret_is_base64"),
        config.Strings("claims_to_verify").ToHashSet(),
        config.String("anonymous"),
        config.Bool("run_on_preflight"),
        config.Number("maximum_expiration") ?? 0,
        config.String("realm"));
}
