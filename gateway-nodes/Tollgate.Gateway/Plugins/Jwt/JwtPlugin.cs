using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Credentials;
using static Tollgate.Gateway.Plugins.Authentication;

namespace Tollgate.Gateway.Plugins.Jwt;

/// <summary>
/// Kong's jwt: finds a token in the query, a cookie or a header, resolves its credential by the key claim, checks
/// the algorithm, the signature and the exp/nbf claims, and identifies the consumer.
/// </summary>
public sealed class JwtPlugin : GatewayPlugin<JwtConfig>
{
    public override string Name => "jwt";
    public override int Priority => 1450;
    public override Analytics.UsageSource Answers => Analytics.UsageSource.Auth;
    public override PluginSchema Schema => JwtConfig.Schema;

    public override JwtConfig Parse(Guid instance, JsonObject config) => JwtConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, JwtConfig config)
    {
        var request = context.Http.Request;
        if ((!config.RunOnPreflight && HttpMethods.IsOptions(request.Method)) || AlreadyAuthenticated(context, config.Anonymous)) return true;
        var challenge = config.Realm is { } realm ? $"Bearer realm=\"{realm}\"" : "Bearer";
        var tokens = Tokens(request, config).Distinct().ToList();
        if (tokens.Count == 0) return Anonymous(context, config.Anonymous) || await Refuse(context, challenge, "Unauthorized");
        if (tokens.Count > 1) return Anonymous(context, config.Anonymous) || await Refuse(context, challenge, "Multiple tokens provided");

        var (failure, credential) = await Check(context, config, tokens[0]);
        if (failure is not null || !context.Runtime.Consumers.TryGetValue(credential!.ConsumerId, out var consumer))
        {
            if (Anonymous(context, config.Anonymous)) return true;
            context.Http.Response.Headers.WWWAuthenticate = challenge;
            await Answer(context, failure ?? (401, new JsonObject { ["message"] = "Unauthorized" }));
            return false;
        }
        Identify(context, consumer, credential.Id);
        return true;
    }

    private static IEnumerable<string> Tokens(HttpRequest request, JwtConfig config)
    {
        foreach (var name in config.UriParamNames)
        {
            if (request.Query[name] is { Count: > 0 } values && !string.IsNullOrEmpty(values[0])) yield return values[0]!;
        }
        foreach (var name in config.CookieNames)
        {
            if (request.Cookies[name] is { Length: > 0 } cookie) yield return cookie;
        }
        foreach (var name in config.HeaderNames)
        {
            var header = request.Headers[name].ToString();
            if (header.Length == 0) continue;
            yield return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        }
    }

    /// <summary>The credential the token proves, or Kong's status and body for why it does not.</summary>
    private static async Task<((int, JsonObject)? Failure, ResolvedCredential? Credential)> Check(PluginContext context, JwtConfig config, string text)
    {
        static (int, JsonObject) Fail(int status, string message) => (status, new JsonObject { ["message"] = message });
        if (JwtToken.Parse(text, out var error) is not { } token) return (Fail(401, error!), null);
        if (token.Claims[config.KeyClaimName] is not { } keyClaim || keyClaim.GetValueKind() != JsonValueKind.String)
        {
            return (Fail(401, $"No mandatory '{config.KeyClaimName}' in claims"), null);
        }
        var credential = await context.Services.GetRequiredService<CredentialResolver>().Find(context.Slot, "jwt_secrets", "key", keyClaim.GetValue<string>());
        if (credential is null) return (Fail(401, $"No credentials found for given '{config.KeyClaimName}'"), null);
        var algorithm = credential.Entity["algorithm"]?.GetValue<string>() ?? "HS256";
        if (token.Algorithm != algorithm) return (Fail(403, "Invalid algorithm"), null);
        var secret = credential.Entity["secret"]?.GetValue<string>() ?? "";
        byte[] secretBytes;
        try
        {
            secretBytes = config.SecretIsBase64 ? Convert.FromBase64String(secret) : Encoding.UTF8.GetBytes(secret);
        }
        catch (FormatException)
        {
            return (Fail(401, "Invalid key/secret"), null);
        }
        if (!token.Verify(algorithm, secretBytes, credential.Entity["rsa_public_key"]?.GetValue<string>()))
        {
            return (Fail(401, "Invalid signature"), null);
        }
        if (Claims(token, config) is { } claimErrors) return ((401, claimErrors), null);
        return (null, credential);
    }

    /// <summary>Kong's registered-claims check: exp and nbf as configured, and the maximum lifetime.</summary>
    private static JsonObject? Claims(JwtToken token, JwtConfig config)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var errors = new JsonObject();
        foreach (var claim in config.ClaimsToVerify)
        {
            var value = token.Claims[claim];
            if (value is null) errors[claim] = "must be a number";
            else if (value.GetValueKind() != JsonValueKind.Number) errors[claim] = "must be a number";
            else if (claim == "exp" && value.GetValue<double>() <= now) errors[claim] = "token expired";
            else if (claim == "nbf" && value.GetValue<double>() > now) errors[claim] = "token not valid yet";
        }
        if (config.MaximumExpiration > 0 && !errors.ContainsKey("exp") && token.Claims["exp"]?.GetValue<double>() > now + config.MaximumExpiration)
        {
            errors["exp"] = "exceeds maximum allowed expiration";
        }
        return errors.Count == 0 ? null : errors;
    }

    private static Task Answer(PluginContext context, (int Status, JsonObject Body) failure) =>
        context.Respond(failure.Status, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(failure.Body.ToJsonString()));
}
