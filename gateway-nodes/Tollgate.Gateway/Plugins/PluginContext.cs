using System.Text;
using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Config;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.Tenancy;

namespace Tollgate.Gateway.Plugins;

/// <summary>One request as the plugins see it: the tenant, the matched route, and the consumer an auth plugin identified.</summary>
public sealed class PluginContext(HttpContext http, TenantSlot slot, TenantRuntime runtime, RouteMatch match, PluginChain chain, IServiceProvider services)
{
    public PluginChain Chain { get; } = chain;
    public HttpContext Http { get; } = http;
    public TenantSlot Slot { get; } = slot;
    public TenantRuntime Runtime { get; } = runtime;
    public RouteMatch Match { get; } = match;
    public IServiceProvider Services { get; } = services;

    /// <summary>The consumer an auth plugin identified; later plugins and consumer-scoped configs use it.</summary>
    public GatewayConsumer? Consumer { get; set; }
    public Guid? CredentialId { get; set; }

    /// <summary>State a plugin carries from one phase to a later one (e.g. rate-limit headers), by plugin name.</summary>
    public Dictionary<string, object>? Items { get; set; }

    /// <summary>Runs the access phase in priority order; false when a plugin answered the request itself.</summary>
    public async ValueTask<bool> Access()
    {
        foreach (var entry in Chain.Entries)
        {
            // The config is chosen per plugin, after earlier (auth) plugins may have identified the consumer.
            if (entry.ConfigFor(Consumer) is { } config && !await entry.Plugin.Access(this, config)) return false;
        }
        return true;
    }

    public void HeaderFilter()
    {
        foreach (var entry in Chain.Entries)
        {
            if (entry.ConfigFor(Consumer) is { } config) entry.Plugin.HeaderFilter(this, config);
        }
    }

    public void Log()
    {
        foreach (var entry in Chain.Entries)
        {
            if (entry.ConfigFor(Consumer) is { } config) entry.Plugin.Log(this, config);
        }
    }

    /// <summary>Answers the request with Kong's JSON message; the request does not go upstream.</summary>
    public Task Respond(int status, string message)
    {
        Http.Response.StatusCode = status;
        Http.Response.ContentType = "application/json; charset=utf-8";
        return Http.Response.WriteAsync($$"""{"message":"{{message.Replace("\"", "\\\"")}}"}""", Encoding.UTF8);
    }
}
