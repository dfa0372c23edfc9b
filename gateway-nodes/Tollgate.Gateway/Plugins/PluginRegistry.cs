using Tollgate.Gateway.Plugins.KeyAuth;
using Tollgate.Gateway.Plugins.RateLimiting;

namespace Tollgate.Gateway.Plugins;

/// <summary>Every plugin the gateway runs. Adding a plugin is adding its folder and one line here.</summary>
public static class PluginRegistry
{
    private static readonly Dictionary<string, IGatewayPlugin> Plugins = new IGatewayPlugin[]
    {
        new KeyAuthPlugin(),
        new RateLimitingPlugin(),
    }.ToDictionary(p => p.Name);

    public static IGatewayPlugin? Find(string name) => Plugins.GetValueOrDefault(name);
}
