using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Forwarding;
using Tollgate.Gateway.Net;

namespace Tollgate.Gateway.Plugins;

/// <summary>
/// Kong's log record of one request (kong.log.serialize), as http-log and file-log send it: request, upstream_uri,
/// response, latencies, the authenticated consumer, route, service, client_ip, started_at and source.
/// </summary>
public static class LogEntry
{
    /// <summary>Headers Kong masks in logs: they carry credentials.</summary>
    private static readonly HashSet<string> Redacted = new(StringComparer.OrdinalIgnoreCase) { "authorization", "proxy-authorization" };

    public static JsonObject Of(PluginContext context)
    {
        var http = context.Http;
        var request = http.Request;
        var latencies = context.Latencies();
        var entry = new JsonObject
        {
            ["request"] = new JsonObject
            {
                ["method"] = request.Method,
                ["uri"] = request.Path.Value + request.QueryString.Value,
                ["url"] = $"{request.Scheme}://{request.Host}{request.Path}{request.QueryString}",
                ["size"] = request.ContentLength ?? 0,
                ["querystring"] = Query(request),
                ["headers"] = Headers(request.Headers),
            },
            ["upstream_uri"] = http.Features.Get<ProxyTarget>() is { } target ? target.UpstreamPath + request.QueryString.Value : null,
            ["response"] = new JsonObject
            {
                ["status"] = http.Response.StatusCode,
                ["size"] = context.ResponseBytes,
                ["headers"] = Headers(http.Response.Headers),
            },
            ["latencies"] = new JsonObject
            {
                ["kong"] = latencies.Kong,
                ["proxy"] = latencies.Proxy,
                ["request"] = latencies.Request,
                ["receive"] = latencies.Receive,
            },
            ["client_ip"] = context.Services.GetService<ClientAddress>()?.Of(http)?.ToString() ?? http.Connection.RemoteIpAddress?.ToString(),
            ["started_at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - latencies.Request,
            ["source"] = latencies.Proxied ? "upstream" : "kong",
            ["workspace"] = context.Runtime.Tenant.Id.ToString(),
            ["workspace_name"] = context.Runtime.Tenant.Slug,
            ["route"] = Route(context),
            ["service"] = Service(context),
        };
        if (context.Consumer is { } consumer)
        {
            entry["consumer"] = new JsonObject { ["id"] = consumer.Id.ToString(), ["username"] = consumer.Username, ["custom_id"] = consumer.CustomId };
        }
        if (context.CredentialId is { } credential)
        {
            entry["authenticated_entity"] = new JsonObject { ["id"] = credential.ToString() };
        }
        return entry;
    }

    private static JsonObject Headers(IHeaderDictionary headers)
    {
        var json = new JsonObject();
        foreach (var (name, value) in headers)
        {
            json[name.ToLowerInvariant()] = Redacted.Contains(name) ? "REDACTED" : value.Count == 1 ? value[0] : new JsonArray([.. value.Select(v => (JsonNode?)v)]);
        }
        return json;
    }

    private static JsonObject Query(HttpRequest request)
    {
        var json = new JsonObject();
        foreach (var (name, value) in request.Query)
        {
            json[name] = value.Count == 1 ? value[0] : new JsonArray([.. value.Select(v => (JsonNode?)v)]);
        }
        return json;
    }

    private static JsonObject Route(PluginContext context)
    {
        var route = context.Match.Route;
        return new JsonObject
        {
            ["id"] = route.Id.ToString(),
            ["name"] = route.Name,
            ["paths"] = new JsonArray([.. route.Paths.Select(p => (JsonNode?)p)]),
            ["protocols"] = new JsonArray([.. route.Protocols.Order().Select(p => (JsonNode?)p)]),
            ["strip_path"] = route.StripPath,
            ["preserve_host"] = route.PreserveHost,
        };
    }

    private static JsonObject? Service(PluginContext context) => context.Match.Route.Service is not { } service ? null : new JsonObject
    {
        ["id"] = service.Id.ToString(),
        ["name"] = service.Name,
        ["host"] = service.Host,
        ["port"] = service.Port,
        ["protocol"] = service.Protocol,
        ["path"] = service.Path,
        ["retries"] = service.Retries,
    };
}
