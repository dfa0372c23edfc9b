using System.Text.Json.Nodes;
using static Tollgate.Gateway.Plugins.PluginFields;

namespace Tollgate.Gateway.Plugins.BasicAuth;

/// <summary>Kong's basic-auth config.</summary>
public sealed record BasicAuthConfig(string? Anonymous, bool HideCredentials, string Realm)
{
    public static readonly PluginSchema Schema = new(
        Text("anonymous"),
        Flag("hide_credentials", false),
        Text("realm", "service"))
    {
        NoConsumer = true,
    };

    public static BasicAuthConfig From(JsonObject config) => new(config.String("anonymous"), config.Bool("hide_credentials"), config.String("realm")!);
}
