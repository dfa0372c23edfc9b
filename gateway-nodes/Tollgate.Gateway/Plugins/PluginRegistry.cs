using Tollgate.Gateway.Plugins.Acl;
using Tollgate.Gateway.Plugins.BasicAuth;
using Tollgate.Gateway.Plugins.BotDetection;
using Tollgate.Gateway.Plugins.CorrelationId;
using Tollgate.Gateway.Plugins.Cors;
using Tollgate.Gateway.Plugins.FileLog;
using Tollgate.Gateway.Plugins.HmacAuth;
using Tollgate.Gateway.Plugins.HttpLog;
using Tollgate.Gateway.Plugins.IpRestriction;
using Tollgate.Gateway.Plugins.Jwt;
using Tollgate.Gateway.Plugins.KeyAuth;
using Tollgate.Gateway.Plugins.OpenIdConnect;
using Tollgate.Gateway.Plugins.Prometheus;
using Tollgate.Gateway.Plugins.ProxyCache;
using Tollgate.Gateway.Plugins.RateLimiting;
using Tollgate.Gateway.Plugins.RequestSizeLimiting;
using Tollgate.Gateway.Plugins.RequestTermination;
using Tollgate.Gateway.Plugins.RequestTransformer;
using Tollgate.Gateway.Plugins.ResponseTransformer;

namespace Tollgate.Gateway.Plugins;

/// <summary>Every plugin the gateway runs. Adding a plugin is adding its folder and one line here.</summary>
public static class PluginRegistry
{
    private static readonly Dictionary<string, IGatewayPlugin> Plugins = new IGatewayPlugin[]
    {
        new AclPlugin(),
        new BasicAuthPlugin(),
        new BotDetectionPlugin(),
        new CorrelationIdPlugin(),
        new CorsPlugin(),
        new FileLogPlugin(),
        new HmacAuthPlugin(),
        new HttpLogPlugin(),
        new IpRestrictionPlugin(),
        new JwtPlugin(),
        new KeyAuthPlugin(),
        new OpenIdConnectPlugin(),
        new PrometheusPlugin(),
        new ProxyCachePlugin(),
        new RateLimitingPlugin(),
        new RequestSizeLimitingPlugin(),
        new RequestTerminationPlugin(),
        new RequestTransformerPlugin(),
        new ResponseTransformerPlugin(),
    }.ToDictionary(p => p.Name);

    public static IGatewayPlugin? Find(string name) => Plugins.GetValueOrDefault(name);

    public static IEnumerable<IGatewayPlugin> All => Plugins.Values.OrderBy(p => p.Name, StringComparer.Ordinal);
}
