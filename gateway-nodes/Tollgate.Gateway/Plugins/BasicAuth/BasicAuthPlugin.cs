using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Credentials;
using Tollgate.Secrets;
using static Tollgate.Gateway.Plugins.Authentication;

namespace Tollgate.Gateway.Plugins.BasicAuth;

/// <summary>
/// Kong's basic-auth: reads the username and password from Authorization (or Proxy-Authorization), checks the
/// password against its slow hash once per distinct username and password, and caches the outcome.
/// </summary>
public sealed class BasicAuthPlugin : GatewayPlugin<BasicAuthConfig>
{
    private const string Collection = "basicauth_credentials";

    public override string Name => "basic-auth";
    public override int Priority => 1100;
    public override Analytics.UsageSource Answers => Analytics.UsageSource.Auth;
    public override PluginSchema Schema => BasicAuthConfig.Schema;

    public override BasicAuthConfig Parse(Guid instance, System.Text.Json.Nodes.JsonObject config) => BasicAuthConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, BasicAuthConfig config)
    {
        if (AlreadyAuthenticated(context, config.Anonymous)) return true;
        var challenge = $"Basic realm=\"{config.Realm}\"";
        var request = context.Http.Request;
        var header = request.Headers.Authorization.Count > 0 ? "Authorization" : request.Headers.ProxyAuthorization.Count > 0 ? "Proxy-Authorization" : null;
        if (header is null)
        {
            return Anonymous(context, config.Anonymous) || await Refuse(context, challenge, "Unauthorized");
        }
        var credential = Parse(request.Headers[header].ToString()) is { } pair
            ? await Verify(context, pair.Username, pair.Password)
            : null;
        if (credential is null || !context.Runtime.Consumers.TryGetValue(credential.ConsumerId, out var consumer))
        {
            return Anonymous(context, config.Anonymous) || await Refuse(context, challenge, "Unauthorized");
        }
        Identify(context, consumer, credential.Id);
        if (config.HideCredentials) request.Headers.Remove(header);
        return true;
    }

    private static (string Username, string Password)? Parse(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':');
            return colon <= 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The credential when the password matches; the slow hash runs once per distinct pair, then the cache answers.</summary>
    private static async ValueTask<ResolvedCredential?> Verify(PluginContext context, string username, string password)
    {
        var resolver = context.Services.GetRequiredService<CredentialResolver>();
        var verifiedKey = $"{Collection}|verified|{await resolver.Hash(username + ":" + password)}";
        if (context.Slot.Credentials.TryGet(verifiedKey, out var known)) return known;
        var credential = await resolver.Find(context.Slot, Collection, "username", username);
        if (credential is null) return null;
        var matches = SecretHasher.VerifyPassword(password, credential.Entity["password"]!.GetValue<string>());
        context.Slot.Credentials.Put(verifiedKey, matches ? credential : null);
        return matches ? credential : null;
    }
}
