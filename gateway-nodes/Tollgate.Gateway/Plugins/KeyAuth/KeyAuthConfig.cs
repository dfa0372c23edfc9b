using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.KeyAuth;

/// <summary>Kong's key-auth config, with Kong's defaults.</summary>
public sealed record KeyAuthConfig(
    string[] KeyNames,
    bool KeyInHeader,
    bool KeyInQuery,
    bool KeyInBody,
    bool HideCredentials,
    string? Anonymous,
    bool RunOnPreflight,
    string? Realm)
{
    public static readonly PluginSchema Schema = new(
        Texts("key_names", Field.String("key_name") with { Rule = Rules.HeaderName }, "apikey"),
        Flag("hide_credentials", false),
        Text("anonymous"),
        Flag("key_in_header", true),
        Flag("key_in_query", true),
        Flag("key_in_body", false),
        Flag("run_on_preflight", true),
        Text("realm"))
    {
        NoConsumer = true,
    };

    public static KeyAuthConfig From(JsonObject config) => new(
        config.Strings("key_names"),
        config.Bool("key_in_header"),
        config.Bool("key_in_query"),
        config.Bool("key_in_body"),
        config.Bool("hide_credentials"),
        config.String("anonymous"),
        config.Bool("run_on_preflight"),
        config.String("realm"));
}
