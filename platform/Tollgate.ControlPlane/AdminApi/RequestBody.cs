using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tollgate.Entities;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>Reads an Admin API request body (JSON, form or multipart) into a JSON object, or Kong's 4xx answer.</summary>
public static class RequestBody
{
    public static async Task<(JsonObject? Body, AdminResponse? Error)> ReadObject(HttpRequest request, EntitySchema? schema)
    {
        var mediaType = MediaType(request);
        if (request.HasFormContentType)
        {
            // curl -F cert=@cert.pem sends files: their text is the field's value.
            var form = await request.ReadFormAsync();
            var files = new List<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>();
            foreach (var file in form.Files)
            {
                using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
                files.Add(KeyValuePair.Create(file.Name, new Microsoft.Extensions.Primitives.StringValues(await reader.ReadToEndAsync())));
            }
            return (FormBody.ToJson(schema, form.Concat(files)), null);
        }
        if (mediaType is not (null or "application/json"))
        {
            return (null, KongError.Message(415, "Unsupported Content-Type"));
        }
        var text = await ReadText(request);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (new JsonObject(), null);
        }
        try
        {
            return JsonNode.Parse(text) is JsonObject body
                ? (body, null)
                : (null, KongError.Message(400, "Cannot parse JSON body: expected an object"));
        }
        catch (JsonException)
        {
            return (null, KongError.Message(400, "Cannot parse JSON body"));
        }
    }

    public static async Task<string> ReadText(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    public static string? MediaType(HttpRequest request) =>
        request.ContentType is { } type ? type.Split(';')[0].Trim().ToLowerInvariant() : null;

    /// <summary>A text field of a body that is not an entity; a missing required one or another JSON type is a field error.</summary>
    public static string? Text(JsonObject body, string field, FieldErrors errors, bool required)
    {
        var value = body[field];
        if (value is null)
        {
            if (required) errors.Add(field, "required field missing");
            return null;
        }
        if (value.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(field, "expected a string");
            return null;
        }
        return value.GetValue<string>();
    }
}
