using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Gateway.Plugins.RequestTransformer;

/// <summary>
/// Kong's request-transformer: changes the method, headers, query string, upstream path and a JSON or form body
/// before the request goes upstream. The body is read only when body edits are configured.
/// </summary>
public sealed class RequestTransformerPlugin : GatewayPlugin<RequestTransformerConfig>
{
    public override string Name => "request-transformer";
    public override int Priority => 801;
    public override PluginSchema Schema => RequestTransformerConfig.Schema;

    public override RequestTransformerConfig Parse(Guid instance, JsonObject config) => RequestTransformerConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, RequestTransformerConfig config)
    {
        var request = context.Http.Request;
        var render = config.UsesTemplates ? Renderer(request, context.Match) : null;
        if (config.HttpMethod is { } method) request.Method = method;
        if (!config.Headers.IsEmpty)
        {
            var host = request.Headers.Host.ToString();
            config.Headers.Apply(request.Headers, render);
            if (request.Headers.Host.ToString() is { Length: > 0 } changed && changed != host) context.UpstreamHost = changed;
        }
        if (!config.Query.IsEmpty)
        {
            var query = new Dictionary<string, StringValues>(request.Query, StringComparer.Ordinal);
            config.Query.Apply(query, render);
            request.QueryString = QueryString.Create(query);
        }
        if (config.ReplaceUri is { } uri) context.UpstreamPath = render?.Invoke(uri) ?? uri;
        if (!config.Body.IsEmpty) await TransformBody(request, config.Body, render);
        return true;
    }

    /// <summary>Fills templates from the request as it arrived, before any edit (as Kong does).</summary>
    private static Func<string, string> Renderer(HttpRequest request, Routing.RouteMatch match)
    {
        var headers = new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));
        var query = request.Query;
        return value => Template.Render(value, headers, query, match);
    }

    private static async Task TransformBody(HttpRequest request, Edits edits, Func<string, string>? render)
    {
        var json = request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        if (!json && !request.HasFormContentType || request.HasFormContentType && request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)) return;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var changed = json ? TransformJson(text, edits, render) : TransformForm(text, edits, render);
        var bytes = Encoding.UTF8.GetBytes(changed ?? text);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        request.Headers.TransferEncoding = StringValues.Empty;
    }

    private static string TransformForm(string text, Edits edits, Func<string, string>? render)
    {
        var form = new Dictionary<string, StringValues>(QueryHelpers.ParseQuery(text), StringComparer.Ordinal);
        edits.Apply(form, render);
        return QueryString.Create(form).ToUriComponent().TrimStart('?');
    }

    /// <summary>The edited JSON object, or null (unchanged) when the body is not a JSON object.</summary>
    private static string? TransformJson(string text, Edits edits, Func<string, string>? render)
    {
        JsonObject body;
        try
        {
            if ((text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)) is not JsonObject parsed) return null;
            body = parsed;
        }
        catch (JsonException)
        {
            return null;
        }
        edits.Apply(body, render: render);
        return body.ToJsonString();
    }
}
