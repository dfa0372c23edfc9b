using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Credentials;
using static Tollgate.Gateway.Plugins.Authentication;

namespace Tollgate.Gateway.Plugins.KeyAuth;

/// <summary>
/// Kong's key-auth: finds the API key in a header or query parameter (or the form body), identifies the consumer,
/// tells the upstream who it is, and answers 401 with Kong's messages otherwise.
/// </summary>
public sealed class KeyAuthPlugin : GatewayPlugin<KeyAuthConfig>
{
    public override string Name => "key-auth";
    public override int Priority => 1250;
    public override Analytics.UsageSource Answers => Analytics.UsageSource.Auth;
    public override PluginSchema Schema => KeyAuthConfig.Schema;

    public override KeyAuthConfig Parse(Guid instance, System.Text.Json.Nodes.JsonObject config) => KeyAuthConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, KeyAuthConfig config)
    {
        var request = context.Http.Request;
        if ((!config.RunOnPreflight && HttpMethods.IsOptions(request.Method)) || AlreadyAuthenticated(context, config.Anonymous))
        {
            return true;
        }
        var (key, source) = await FindKey(request, config);
        if (key is null)
        {
            return Anonymous(context, config.Anonymous) || await Refuse(context, Challenge(config), "No API key found in request");
        }
        var credential = await context.Services.GetRequiredService<CredentialResolver>().ApiKey(context.Slot, key);
        if (credential is null || credential.IsExpired || !context.Runtime.Consumers.TryGetValue(credential.ConsumerId, out var consumer))
        {
            return Anonymous(context, config.Anonymous) || await Refuse(context, Challenge(config), "Unauthorized");
        }
        Identify(context, consumer, credential.Id);
        if (config.HideCredentials) Hide(request, source!);
        return true;
    }

    private static string Challenge(KeyAuthConfig config) => $"Key realm=\"{config.Realm ?? "kong"}\"";

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
