using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Config;
using Tollgate.Gateway.Credentials;

namespace Tollgate.Gateway.Plugins.KeyAuth;

/// <summary>
/// Kong's key-auth: finds the API key in a header or query parameter (or the form body), identifies the consumer,
/// tells the upstream who it is, and answers 401 with Kong's messages otherwise.
/// </summary>
public sealed class KeyAuthPlugin : GatewayPlugin<KeyAuthConfig>
{
    public override string Name => "key-auth";
    public override int Priority => 1250;

    public override KeyAuthConfig Parse(Guid instance, System.Text.Json.Nodes.JsonObject config) => KeyAuthConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, KeyAuthConfig config)
    {
        var request = context.Http.Request;
        if (!config.RunOnPreflight && HttpMethods.IsOptions(request.Method))
        {
            return true;
        }
        var (key, source) = await FindKey(request, config);
        if (key is null)
        {
            return Anonymous(context, config) || await Refuse(context, "No API key found in request");
        }
        var credential = await context.Services.GetRequiredService<KeyCredentials>().Resolve(context.Slot, key);
        var expired = credential?.ExpiresAt is { } expiresAt && expiresAt <= DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (credential is null || expired || !context.Runtime.Consumers.TryGetValue(credential.ConsumerId, out var consumer))
        {
            return Anonymous(context, config) || await Refuse(context, "Unauthorized");
        }
        Identify(context, consumer, credential.Id);
        if (config.HideCredentials) Hide(request, source!);
        return true;
    }

    private static async Task<(string? Key, string? Source)> FindKey(HttpRequest request, KeyAuthConfig config)
    {
        foreach (var name in config.KeyNames)
        {
            if (config.KeyInHeader && request.Headers[name] is { Count: > 0 } header && !string.IsNullOrEmpty(header[0])) return (header[0], "header:" + name);
            if (config.KeyInQuery && request.Query[name] is { Count: > 0 } query && !string.IsNullOrEmpty(query[0])) return (query[0], "query:" + name);
        }
        if (config.KeyInBody && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var name in config.KeyNames)
            {
                if (form[name] is { Count: > 0 } field && !string.IsNullOrEmpty(field[0])) return (field[0], "body:" + name);
            }
        }
        return (null, null);
    }

    private static bool Anonymous(PluginContext context, KeyAuthConfig config)
    {
        if (config.Anonymous is not { } anonymous) return false;
        var consumer = Guid.TryParse(anonymous, out var id) && context.Runtime.Consumers.TryGetValue(id, out var byId)
            ? byId
            : context.Runtime.Consumers.Values.FirstOrDefault(c => c.Username == anonymous);
        if (consumer is null) return false;
        Identify(context, consumer, credential: null);
        context.Http.Request.Headers["X-Anonymous-Consumer"] = "true";
        return true;
    }

    private static void Identify(PluginContext context, GatewayConsumer consumer, Guid? credential)
    {
        context.Consumer = consumer;
        context.CredentialId = credential;
        var headers = context.Http.Request.Headers;
        headers["X-Consumer-ID"] = consumer.Id.ToString();
        if (consumer.Username is { } username) headers["X-Consumer-Username"] = username;
        else headers.Remove("X-Consumer-Username");
        if (consumer.CustomId is { } customId) headers["X-Consumer-Custom-ID"] = customId;
        else headers.Remove("X-Consumer-Custom-ID");
        if (credential is { } id) headers["X-Credential-Identifier"] = id.ToString();
        else headers.Remove("X-Credential-Identifier");
        if (credential is not null) headers.Remove("X-Anonymous-Consumer");
    }

    private static async Task<bool> Refuse(PluginContext context, string message)
    {
        context.Http.Response.Headers.WWWAuthenticate = "Key realm=\"kong\"";
        await context.Respond(401, message);
        return false;
    }

    private static void Hide(HttpRequest request, string source)
    {
        var colon = source.IndexOf(':');
        var (where, name) = (source[..colon], source[(colon + 1)..]);
        if (where == "header")
        {
            request.Headers.Remove(name);
        }
        else if (where == "query")
        {
            var rest = request.Query.Where(q => !q.Key.Equals(name, StringComparison.Ordinal))
                .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)));
            request.QueryString = QueryString.Create(rest);
        }
    }
}
