using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Testing;

/// <summary>Admin API calls for tests: send JSON or a form, read status and JSON body.</summary>
public static class AdminHttp
{
    public sealed record Reply(HttpStatusCode Status, JsonNode? Body, string Text, HttpResponseMessage Response)
    {
        public int Code => (int)Status;
        public JsonObject Json => Body as JsonObject ?? throw new InvalidOperationException($"not a JSON object: {Code} {Text}");
        public string Id => Json["id"]!.GetValue<string>();
    }

    public static Task<Reply> Get(this HttpClient client, string path) => client.Send(HttpMethod.Get, path);

    public static Task<Reply> Delete(this HttpClient client, string path) => client.Send(HttpMethod.Delete, path);

    public static Task<Reply> Post(this HttpClient client, string path, string? json = null) => client.Send(HttpMethod.Post, path, json);

    public static Task<Reply> Put(this HttpClient client, string path, string? json = null) => client.Send(HttpMethod.Put, path, json);

    public static Task<Reply> Patch(this HttpClient client, string path, string? json = null) => client.Send(HttpMethod.Patch, path, json);

    public static Task<Reply> Send(this HttpClient client, HttpMethod method, string path, string? json = null) =>
        client.Send(method, path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Posts a form the way Kong's docs do with curl --data.</summary>
    public static Task<Reply> PostForm(this HttpClient client, string path, params (string Key, string Value)[] fields) =>
        client.Send(HttpMethod.Post, path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))));

    public static async Task<Reply> Send(this HttpClient client, HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            body = JsonNode.Parse(text);
        }
        return new Reply(response.StatusCode, body, text, response);
    }

    /// <summary>Creates a tenant as the operator; answers its admin token.</summary>
    public static async Task<string> CreateTenant(this TollgateNode node, string slug)
    {
        var reply = await node.Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"Tenant {{slug}}"}""");
        Assert.True(reply.Code == 201, reply.Text);
        return reply.Json["admin_token"]!.GetValue<string>();
    }

    public static string NewSlug(string prefix = "t") => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
