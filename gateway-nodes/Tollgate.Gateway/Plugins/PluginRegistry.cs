using Tollgate.Gateway.Plugins.CorrelationId;
using Tollgate.Gateway.Plugins.KeyAuth;
using Tollgate.Gateway.Plugins.RateLimiting;
using Tollgate.Gateway.Plugins.RequestTermination;

namespace Tollgate.Gateway.Plugins;

/// <summary>Every plugin the gateway runs. Adding a plugin is adding its folder and one line here.</summary>
public static class PluginRegistry
{
    private static readonly Dictionary<string, IGatewayPlugin> Plugins = new IGatewayPlugin[]
    {
        new CorrelationIdPlugin(),
        new KeyAuthPlugin(),
        new RateLimitingPlugin(),
        new RequestTerminationPlugin(),
    }.ToDictionary(p => p.Name);

    public static IGatewayPlugin? Find(string name) => Plugins.GetValueOrDefault(name);
}
