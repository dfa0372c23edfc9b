using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Gateway.Plugins.RequestTermination;

/// <summary>Kong's request-termination: answers every request itself with the configured status and body.</summary>
public sealed class RequestTerminationPlugin : GatewayPlugin<RequestTerminationConfig>
{
    public override string Name => "request-termination";
    public override int Priority => 2;

    public override RequestTerminationConfig Parse(Guid instance, JsonObject config) => RequestTerminationConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, RequestTerminationConfig config)
    {
        if (config.Body is { } body)
        {
            context.Http.Response.StatusCode = config.StatusCode;
            context.Http.Response.ContentType = config.ContentType ?? "application/json; charset=utf-8";
            await context.Http.Response.WriteAsync(body);
        }
        else
        {
            await context.Respond(config.StatusCode, config.Message ?? DefaultMessage(config.StatusCode));
        }
        return false;
    }

    /// <summary>Kong's default message for the status when none is set.</summary>
    private static string DefaultMessage(int status) => status switch
    {
        503 => "Service unavailable",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };
}
