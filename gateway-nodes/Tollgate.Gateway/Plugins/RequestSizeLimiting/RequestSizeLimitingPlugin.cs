using Microsoft.AspNetCore.Http;

namespace Tollgate.Gateway.Plugins.RequestSizeLimiting;

/// <summary>
/// Kong's request-size-limiting: refuses a body larger than allowed with 413, by its Content-Length when given;
/// a chunked body is read up to the limit and kept in memory for the upstream. When Content-Length is required
/// and missing, the answer is 411.
/// </summary>
public sealed class RequestSizeLimitingPlugin : GatewayPlugin<RequestSizeLimitingConfig>
{
    public override string Name => "request-size-limiting";
    public override int Priority => 951;
    public override PluginSchema Schema => RequestSizeLimitingConfig.Schema;

    public override RequestSizeLimitingConfig Parse(Guid instance, System.Text.Json.Nodes.JsonObject config) => RequestSizeLimitingConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, RequestSizeLimitingConfig config)
    {
        var request = context.Http.Request;
        if (request.ContentLength is { } length)
        {
            return length <= config.AllowedBytes || await TooLarge(context);
        }
        if (config.RequireContentLength)
        {
            await context.Respond(411, "A valid Content-Length header is required");
            return false;
        }
        if (!request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase)) return true;
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.Http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > config.AllowedBytes) return await TooLarge(context);
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        request.Body = buffer;
        return true;
    }

    private static async Task<bool> TooLarge(PluginContext context)
    {
        await context.Respond(413, "Request size limit exceeded");
        return false;
    }
}
