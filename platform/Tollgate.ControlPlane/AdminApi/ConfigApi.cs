using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tollgate.Declarative;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>
/// /{tenant}/config: POST imports a Kong declarative document (YAML or JSON, raw or as Kong's {"config": "…"} or a
/// "config" form field) as one config version, ?check=true only validates and shows the diff; GET exports.
/// </summary>
public static class ConfigApi
{
    private static readonly HashSet<string> YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

    public static async Task<IResult> Handle(HttpContext context, ITenantGrain grain)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method))
        {
            if (await grain.GetRecord() is null)
            {
                return AdminResults.Send(KongError.Message(404, $"Workspace '{grain.GetPrimaryKeyString()}' not found"));
            }
            var document = await grain.ExportConfig();
            var wantsYaml = request.Query["format"] == "yaml" || request.Headers.Accept.ToString().Contains("yaml", StringComparison.Ordinal);
            return wantsYaml
                ? Results.Text(DeclarativeFormat.ToYaml(JsonNode.Parse(document)!.AsObject()), "application/yaml; charset=utf-8")
                : Results.Text(document, "application/json; charset=utf-8");
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            return AdminResults.MethodNotAllowed();
        }
        var (text, error) = await DocumentText(request);
        if (error is not null)
        {
            return AdminResults.Send(error);
        }
        var parsed = DeclarativeFormat.Parse(text!, out var parseError);
        if (parsed is null)
        {
            return AdminResults.Send(KongError.Body(400, 14, "invalid declarative configuration", parseError!, null));
        }
        var check = request.Query["check"].ToString() is "true" or "1";
        return AdminResults.Send(await grain.ImportConfig(parsed.ToJsonString(KongJson.Options), check));
    }

    private static async Task<(string? Text, AdminResponse? Error)> DocumentText(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            if (form.Files.GetFile("config") is { } file)
            {
                using var reader = new StreamReader(file.OpenReadStream());
                return (await reader.ReadToEndAsync(), null);
            }
            return form.TryGetValue("config", out var value)
                ? (value.ToString(), null)
                : (null, KongError.SchemaViolation("config", "required field missing"));
        }
        var mediaType = RequestBody.MediaType(request);
        var text = await RequestBody.ReadText(request);
        if (mediaType is not null && YamlTypes.Contains(mediaType))
        {
            return (text, null);
        }
        if (mediaType is not (null or "application/json"))
        {
            return (null, KongError.Message(415, "Unsupported Content-Type"));
        }
        try
        {
            // Kong also takes {"config": "<the document as text>"}.
            if (JsonNode.Parse(text) is JsonObject body && body.Count == 1 && body["config"] is JsonValue inner
                && inner.GetValueKind() == JsonValueKind.String)
            {
                return (inner.GetValue<string>(), null);
            }
            return (text, null);
        }
        catch (JsonException)
        {
            return (null, KongError.Message(400, "Cannot parse JSON body"));
        }
    }
}
