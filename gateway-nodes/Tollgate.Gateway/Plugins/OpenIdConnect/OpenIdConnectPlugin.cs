using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Config;
using Tollgate.Gateway.Plugins.Jwt;
using static Tollgate.Gateway.Plugins.Authentication;

namespace Tollgate.Gateway.Plugins.OpenIdConnect;

/// <summary>
/// Kong's openid-connect in its bearer mode: an access token (a signed JWT) in the Authorization header is checked
/// against the issuer's cached signing keys, its iss, exp and nbf, the audiences and scopes required, and a claim may
/// name the consumer. Nothing is asked of the issuer per request.
/// </summary>
public sealed class OpenIdConnectPlugin : GatewayPlugin<OpenIdConnectConfig>
{
    public override string Name => "openid-connect";
    public override int Priority => 1050;
    public override Analytics.UsageSource Answers => Analytics.UsageSource.Auth;
    public override PluginSchema Schema => OpenIdConnectConfig.Schema;

    public override OpenIdConnectConfig Parse(Guid instance, JsonObject config) => OpenIdConnectConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, OpenIdConnectConfig config)
    {
        var request = context.Http.Request;
        if ((!config.RunOnPreflight && HttpMethods.IsOptions(request.Method)) || AlreadyAuthenticated(context, config.Anonymous)) return true;
        var keys = context.Services.GetRequiredService<IssuerKeys>();
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Anonymous(context, config.Anonymous) || await Refuse(context, "Bearer", "Unauthorized");
        }
        var (status, error, claims) = await Check(keys, config, header[7..].Trim());
        GatewayConsumer? consumer = null;
        if (status == 0 && config.ConsumerClaim.Length > 0)
        {
            consumer = Consumer(context, config, claims!);
            if (consumer is null && !config.ConsumerOptional) (status, error) = (403, "Forbidden");
        }
        if (status != 0)
        {
            if (Anonymous(context, config.Anonymous)) return true;
            var challenge = status == 403 ? "Bearer error=\"insufficient_scope\"" : $"Bearer error=\"invalid_token\", error_description=\"{error}\"";
            context.Http.Response.Headers.WWWAuthenticate = challenge;
            await context.Respond(status, status == 403 ? "Forbidden" : "Unauthorized");
            return false;
        }
        if (consumer is not null) Identify(context, consumer, credential: null);
        return true;
    }

    /// <summary>0 and the claims when the token is good; else the status and why.</summary>
    private static async Task<(int Status, string? Error, JsonObject? Claims)> Check(IssuerKeys keys, OpenIdConnectConfig config, string text)
    {
        if (JwtToken.Parse(text, out _) is not { } token) return (401, "the token is not a JWT", null);
        var key = await keys.Find(config.Issuer, Text(token.Header["kid"]), config.RediscoveryLifetime);
        if (key is null || !IssuerKeys.Verify(token, key)) return (401, "invalid signature", null);
        var claims = token.Claims;
        if (Text(claims["iss"])?.TrimEnd('/') != config.Issuer) return (401, "invalid issuer", null);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (Number(claims["exp"]) is not { } exp || exp + config.Leeway <= now) return (401, "the token has expired", null);
        if (Number(claims["nbf"]) is { } nbf && nbf - config.Leeway > now) return (401, "the token is not valid yet", null);
        if (config.AudienceRequired.Length > 0 && !Values(claims, config.AudienceClaim).Intersect(config.AudienceRequired).Any())
        {
            return (401, "invalid audience", null);
        }
        if (config.ScopesRequired.Length > 0)
        {
            var scopes = Values(claims, config.ScopesClaim).SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
            // Kong: each entry is a set of scopes that must all be present; any entry that is satisfied will do.
            if (!config.ScopesRequired.Any(set => set.All(scopes.Contains))) return (403, "insufficient scope", null);
        }
        return (0, null, claims);
    }

    /// <summary>A claim or header that should be a string; anything else (a number, a list) is not one, never an error.</summary>
    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static double? Number(JsonNode? claim) => claim is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    /// <summary>A claim's values: a string, or the strings of an array (the first claim name present wins).</summary>
    private static IEnumerable<string> Values(JsonObject claims, string[] names)
    {
        var claim = names.Select(n => claims[n]).FirstOrDefault(c => c is not null);
        return claim switch
        {
            JsonArray list => list.OfType<JsonValue>().Select(v => v.ToString()),
            JsonValue value => [value.ToString()],
            _ => [],
        };
    }

    /// <summary>The consumer the configured claim names, looked up by id, username or custom_id in that order of config.</summary>
    private static GatewayConsumer? Consumer(PluginContext context, OpenIdConnectConfig config, JsonObject claims)
    {
        var value = Values(claims, config.ConsumerClaim).FirstOrDefault();
        if (value is null) return null;
        foreach (var by in config.ConsumerBy)
        {
            var found = by switch
            {
                "id" => Guid.TryParse(value, out var id) ? context.Runtime.Consumers.GetValueOrDefault(id) : null,
                "username" => context.Runtime.Consumers.Values.FirstOrDefault(c => c.Username == value),
                _ => context.Runtime.Consumers.Values.FirstOrDefault(c => c.CustomId == value),
            };
            if (found is not null) return found;
        }
        return null;
    }
}
