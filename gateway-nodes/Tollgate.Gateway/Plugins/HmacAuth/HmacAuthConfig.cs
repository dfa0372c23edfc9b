using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.HmacAuth;

/// <summary>Kong's hmac-auth config: the clock skew allowed, the headers a signature must cover, the algorithms accepted, body digests.</summary>
public sealed record HmacAuthConfig(bool HideCredentials, double ClockSkew, string? Anonymous, bool ValidateRequestBody, string[] EnforceHeaders, string[] Algorithms, string? Realm)
{
    public static readonly string[] AllAlgorithms = ["hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"];

    public static readonly PluginSchema Schema = new(
        Flag("hide_credentials", false),
        Positive("clock_skew", 300),
        Text("anonymous"),
        Flag("validate_request_body", false),
        Edits.Names("enforce_headers"),
        Texts("algorithms", Field.String("algorithms") with { OneOf = AllAlgorithms }, AllAlgorithms),
        Text("realm"))
    {
        NoConsumer = true,
    };

    public static HmacAuthConfig From(JsonObject config) => new(
        config.Bool("hide_credentials"),
        config.Number("clock_skew")!.Value,
        config.String("anonymous"),
        config.Bool("validate_request_body"),
        config.Strings("enforce_headers"),
        config.Strings("algorithms"),
        config.String("realm"));
}
