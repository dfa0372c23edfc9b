using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Gateway.Plugins.ResponseTransformer;

/// <summary>
/// Kong's response-transformer: edits the upstream's response headers, and the top-level keys of a JSON body. The
/// body is buffered only when JSON edits are configured and the response is uncompressed JSON.
/// </summary>
public sealed class ResponseTransformerPlugin : GatewayPlugin<ResponseTransformerConfig>
{
    public override string Name => "response-transformer";
    public override int Priority => 800;
    public override PluginSchema Schema => ResponseTransformerConfig.Schema;

    public override ResponseTransformerConfig Parse(Guid instance, JsonObject config) => ResponseTransformerConfig.From(config);

    public override void HeaderFilter(PluginContext context, ResponseTransformerConfig config)
    {
        var response = context.Http.Response;
        config.Headers.Apply(response.Headers);
        var json = response.ContentType?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true;
        var encoded = !StringValues.IsNullOrEmpty(response.Headers.ContentEncoding) && response.Headers.ContentEncoding != "identity";
        if (config.Json.IsEmpty || !json || encoded) return;
        // The body's length changes, so it goes out chunked.
        response.ContentLength = null;
        context.Filter(inner => new JsonBodyFilter(inner, config));
    }

    /// <summary>Buffers the JSON body and writes it edited once the upstream has sent all of it.</summary>
    private sealed class JsonBodyFilter(Stream inner, ResponseTransformerConfig config) : BodyFilter(inner)
    {
        private readonly MemoryStream _body = new();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _body.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override async ValueTask Complete(CancellationToken cancellation)
        {
            var body = _body.GetBuffer().AsMemory(0, (int)_body.Length);
            if (Edited(body) is { } edited) body = edited;
            await Inner.WriteAsync(body, cancellation);
        }

        private byte[]? Edited(ReadOnlyMemory<byte> body)
        {
            try
            {
                if (JsonNode.Parse(body.Span) is not JsonObject json) return null;
                config.Json.Apply(json, config.Types);
                return JsonSerializer.SerializeToUtf8Bytes(json);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
