using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins.KeyAuth;

/// <summary>Kong's key-auth config, with Kong's defaults.</summary>
public sealed record KeyAuthConfig(
    string[] KeyNames,
    bool KeyInHeader,
    bool KeyInQuery,
    bool KeyInBody,
    bool HideCredentials,
    string? Anonymous,
    bool RunOnPreflight)
{
    public static KeyAuthConfig From(JsonObject config) => new(
        config.Strings("key_names", "apikey"),
        config.Bool("key_in_header", true),
        config.Bool("key_in_query", true),
        config.Bool("key_in_body", false),
        config.Bool("hide_credentials", false),
        config.String("anonymous"),
        config.Bool("run_on_preflight", true));
}
