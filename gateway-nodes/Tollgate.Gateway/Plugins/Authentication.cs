using Tollgate.Gateway.Config;

namespace Tollgate.Gateway.Plugins;

/// <summary>
/// What Kong's auth plugins share: identifying the consumer to later plugins and the upstream, falling back to an
/// anonymous consumer, and the logical OR of several auth plugins that all name one.
/// </summary>
public static class Authentication
{
    /// <summary>
    /// Kong's OR between auth plugins: when this one allows anonymous and an earlier one already found a real
    /// credential, there is nothing left to check.
    /// </summary>
    public static bool AlreadyAuthenticated(PluginContext context, string? anonymous) => anonymous is not null && context.CredentialId is not null;

    /// <summary>Identifies the configured anonymous consumer (by id or username); false when there is none.</summary>
    public static bool Anonymous(PluginContext context, string? anonymous)
    {
        if (anonymous is null) return false;
        var consumer = Guid.TryParse(anonymous, out var id) && context.Runtime.Consumers.TryGetValue(id, out var byId)
            ? byId
            : context.Runtime.Consumers.Values.FirstOrDefault(c => c.Username == anonymous);
        if (consumer is null) return false;
        Identify(context, consumer, credential: null);
        context.Http.Request.Headers["X-Anonymous-Consumer"] = "true";
        return true;
    }

    /// <summary>Sets the consumer for later plugins and tells the upstream with Kong's X-Consumer-* headers.</summary>
    public static void Identify(PluginContext context, GatewayConsumer consumer, Guid? credential)
    {
        context.Consumer = consumer;
        context.CredentialId = credential;
        var headers = context.Http.Request.Headers;
        headers["X-Consumer-ID"] = consumer.IdText;
        if (consumer.Username is { } username) headers["X-Consumer-Username"] = username;
        else headers.Remove("X-Consumer-Username");
        if (consumer.CustomId is { } customId) headers["X-Consumer-Custom-ID"] = customId;
        else headers.Remove("X-Consumer-Custom-ID");
        if (credential is { } id) headers["X-Credential-Identifier"] = id.ToString();
        else headers.Remove("X-Credential-Identifier");
        if (credential is not null) headers.Remove("X-Anonymous-Consumer");
    }

    /// <summary>Answers 401 with the plugin's challenge; the request does not go upstream.</summary>
    public static async ValueTask<bool> Refuse(PluginContext context, string challenge, string message)
    {
        context.Http.Response.Headers.WWWAuthenticate = challenge;
        await context.Respond(401, message);
        return false;
    }
}
