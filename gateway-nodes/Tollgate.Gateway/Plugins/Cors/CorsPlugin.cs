using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Tollgate.Gateway.Plugins.Cors;

/// <summary>
/// Kong's cors: answers preflight requests itself (unless preflight_continue) and adds the CORS headers to every
/// other response, for origins the config allows.
/// </summary>
public sealed class CorsPlugin : GatewayPlugin<CorsConfig>
{
    public override string Name => "cors";
    public override int Priority => 2000;
    public override PluginSchema Schema => CorsConfig.Schema;

    public override CorsConfig Parse(Guid instance, System.Text.Json.Nodes.JsonObject config) => CorsConfig.From(config);

    public override ValueTask<bool> Access(PluginContext context, CorsConfig config)
    {
        var request = context.Http.Request;
        if (!HttpMethods.IsOptions(request.Method) || !request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod) || config.PreflightContinue)
        {
            return ValueTask.FromResult(true);
        }
        var response = context.Http.Response;
        var headers = response.Headers;
        Origin(context, config);
        headers.AccessControlAllowMethods = config.Methods;
        headers.AccessControlAllowHeaders = config.Headers ?? request.Headers.AccessControlRequestHeaders.ToString();
        if (config.MaxAge is { } maxAge) headers.AccessControlMaxAge = maxAge.ToString(CultureInfo.InvariantCulture);
        if (config.PrivateNetwork && request.Headers["Access-Control-Request-Private-Network"] == "true")
        {
            headers["Access-Control-Allow-Private-Network"] = "true";
        }
        response.StatusCode = 200;
        response.ContentLength = 0;
        return ValueTask.FromResult(false);
    }

    public override void HeaderFilter(PluginContext context, CorsConfig config)
    {
        var request = context.Http.Request;
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod) && !config.PreflightContinue)
        {
            return;
        }
        Origin(context, config);
        if (config.ExposedHeaders is { } exposed) context.Http.Response.Headers.AccessControlExposeHeaders = exposed;
    }

    private static void Origin(PluginContext context, CorsConfig config)
    {
        var headers = context.Http.Response.Headers;
        var allowed = config.AllowedOrigin(context.Http.Request.Headers.Origin.FirstOrDefault());
        if (allowed is null) return;
        headers.AccessControlAllowOrigin = allowed;
        if (allowed != "*") headers.Vary = "Origin";
        if (config.Credentials) headers.AccessControlAllowCredentials = "true";
    }
}
