using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Gateway.Plugins.ProxyCache;

/// <summary>
/// Kong's proxy-cache key: a SHA-256 (hex) of the consumer, the route, the method, the path, the query parameters
/// (only vary_query_params when set, sorted) and the vary_headers' values.
/// </summary>
public static class CacheKey
{
    public static string Of(PluginContext context, ProxyCacheConfig config)
    {
        var request = context.Http.Request;
        var text = new StringBuilder();
        text.Append(context.Consumer?.Id.ToString() ?? "default").Append('|')
            .Append(context.Match.Route.Id).Append('|')
            .Append(request.Method).Append('|')
            .Append(config.IgnoreUriCase ? request.Path.Value?.ToLowerInvariant() : request.Path.Value).Append('|');
        var parameters = request.Query
            .Where(q => config.VaryQueryParams is null || config.VaryQueryParams.Contains(q.Key))
            .OrderBy(q => q.Key, StringComparer.Ordinal);
        foreach (var (name, value) in parameters) text.Append(name).Append('=').Append(value.ToString()).Append('&');
        text.Append('|');
        foreach (var header in config.VaryHeaders.Order(StringComparer.OrdinalIgnoreCase))
        {
            text.Append(header.ToLowerInvariant()).Append('=').Append(request.Headers[header].ToString()).Append('&');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
