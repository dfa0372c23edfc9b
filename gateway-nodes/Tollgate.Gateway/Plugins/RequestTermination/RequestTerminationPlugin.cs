using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tollgate.Entities;

namespace Tollgate.Gateway.Plugins.RequestTermination;

/// <summary>
/// Kong's request-termination: answers requests itself with the configured status and body, or with the request
/// echoed back; with a trigger, only requests carrying that header or query parameter are answered.
/// </summary>
public sealed class RequestTerminationPlugin : GatewayPlugin<RequestTerminationConfig>
{
    public override string Name => "request-termination";
    public override int Priority => 2;
    public override PluginSchema Schema => RequestTerminationConfig.Schema;

    public override RequestTerminationConfig Parse(Guid instance, JsonObject config) => RequestTerminationConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, RequestTerminationConfig config)
    {
        var request = context.Http.Request;
        if (config.Trigger is { } trigger && !request.Headers.ContainsKey(trigger) && !request.Query.ContainsKey(trigger))
        {
            return true;
        }
        if (config.Echo)
        {
            await context.Respond(config.StatusCode, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(Echo(context, config).ToJsonString(KongJson.Options)));
        }
        else if (config.Body is { } body)
        {
            await context.Respond(config.StatusCode, config.ContentType ?? "application/json; charset=utf-8", Encoding.UTF8.GetBytes(body));
        }
        else
        {
            await context.Respond(config.StatusCode, config.Message ?? DefaultMessage(config.StatusCode));
        }
        return false;
    }

    /// <summary>Kong's echo: the request as the gateway saw it, and what it matched.</summary>
    private static JsonObject Echo(PluginContext context, RequestTerminationConfig config)
    {
        var request = context.Http.Request;
        var headers = new JsonObject();
        foreach (var (name, values) in request.Headers) headers[name.ToLowerInvariant()] = values.ToString();
        var query = new JsonObject();
        foreach (var (name, values) in request.Query) query[name] = values.ToString();
        var route = context.Match.Route;
        return new JsonObject
        {
            ["message"] = config.Message,
            ["request"] = new JsonObject
            {
                ["scheme"] = request.Scheme,
                ["host"] = request.Host.Host,
                ["port"] = request.Host.Port ?? context.Http.Connection.LocalPort,
                ["method"] = request.Method,
                ["path"] = request.Path.Value,
                ["query"] = query,
                ["headers"] = headers,
                ["raw_body"] = null,
            },
            ["matched_route"] = new JsonObject { ["id"] = route.Id.ToString(), ["name"] = route.Name },
            ["matched_service"] = route.Service is { } service ? new JsonObject { ["id"] = service.Id.ToString(), ["name"] = service.Name } : null,
            ["consumer"] = context.Consumer is { } consumer ? new JsonObject { ["id"] = consumer.Id.ToString(), ["username"] = consumer.Username } : null,
        };
    }

    /// <summary>Kong's default message for the status when none is set.</summary>
    private static string DefaultMessage(int status) => status switch
    {
        503 => "Service unavailable",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };
}
