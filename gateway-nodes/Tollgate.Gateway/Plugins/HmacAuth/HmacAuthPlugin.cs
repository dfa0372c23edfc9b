using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Credentials;
using static Tollgate.Gateway.Plugins.Authentication;

namespace Tollgate.Gateway.Plugins.HmacAuth;

/// <summary>
/// Kong's hmac-auth: the client signs chosen headers (and "request-line") with its credential's secret and sends
/// <c>Authorization: hmac username="…", algorithm="…", headers="…", signature="…"</c> with a fresh Date or X-Date.
/// The gateway rebuilds the signing string, compares in constant time, and optionally checks a SHA-256 body digest.
/// </summary>
public sealed class HmacAuthPlugin : GatewayPlugin<HmacAuthConfig>
{
    private const string NotValid = "HMAC signature cannot be verified";
    private const string NotSame = "HMAC signature does not match";

    public override string Name => "hmac-auth";
    public override int Priority => 1030;
    public override Analytics.UsageSource Answers => Analytics.UsageSource.Auth;
    public override PluginSchema Schema => HmacAuthConfig.Schema;

    public override HmacAuthConfig Parse(Guid instance, JsonObject config) => HmacAuthConfig.From(config);

    public override async ValueTask<bool> Access(PluginContext context, HmacAuthConfig config)
    {
        if (AlreadyAuthenticated(context, config.Anonymous)) return true;
        var (failure, consumer, credential) = await Authenticate(context, config);
        if (failure is null)
        {
            Identify(context, consumer!, credential);
            return true;
        }
        var challenge = config.Realm is { } realm ? $"hmac realm=\"{realm}\"" : "hmac";
        return Anonymous(context, config.Anonymous) || await Refuse(context, challenge, failure);
    }

    private static async Task<(string? Failure, Config.GatewayConsumer? Consumer, Guid Credential)> Authenticate(PluginContext context, HmacAuthConfig config)
    {
        var request = context.Http.Request;
        var proxyAuthorization = request.Headers["Proxy-Authorization"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (proxyAuthorization.Length == 0 && authorization.Length == 0) return ("Unauthorized", null, default);
        if (!FreshDate(request, "X-Date", config.ClockSkew) && !FreshDate(request, "Date", config.ClockSkew))
        {
            return ($"{NotValid}, a valid date or x-date header is required for HMAC Authentication", null, default);
        }
        var (signed, header) = HmacSignature.Parse(proxyAuthorization) is { } fromProxy
            ? (fromProxy, "Proxy-Authorization")
            : (HmacSignature.Parse(authorization), "Authorization");
        if (signed is null || !Array.Exists(config.Algorithms, a => a == signed.Algorithm) || !config.EnforceHeaders.All(signed.Headers.Contains))
        {
            return (NotValid, null, default);
        }
        if (config.HideCredentials) request.Headers.Remove(header);

        var credential = await context.Services.GetRequiredService<CredentialResolver>().Find(context.Slot, "hmacauth_credentials", "username", signed.Username);
        if (credential is null || !context.Runtime.Consumers.TryGetValue(credential.ConsumerId, out var consumer)) return (NotValid, null, default);
        var secret = Encoding.UTF8.GetBytes(credential.Entity["secret"]?.GetValue<string>() ?? "");
        var expected = signed.Sign(secret, SigningString(context.Http, signed.Headers));
        if (!CryptographicOperations.FixedTimeEquals(expected, signed.Signature)) return (NotSame, null, default);
        if (config.ValidateRequestBody && !await DigestMatches(request)) return (NotSame, null, default);
        return (null, consumer, credential.Id);
    }

    /// <summary>Kong's signing string: "name: value" per signed header ("name:" when absent), the request line as sent, joined by newlines.</summary>
    public static string SigningString(HttpContext http, IReadOnlyList<string> headers)
    {
        var request = http.Request;
        var lines = headers.Select(name =>
        {
            var value = request.Headers[name];
            if (value.Count > 0) return $"{name}: {value}";
            if (name == "request-line")
            {
                var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
                return $"{request.Method} {target} {request.Protocol}";
            }
            return name + ":";
        });
        return string.Join('\n', lines);
    }

    private static bool FreshDate(HttpRequest request, string header, double skew) =>
        DateTimeOffset.TryParseExact(request.Headers[header].ToString(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
        && Math.Abs((DateTimeOffset.UtcNow - date).TotalSeconds) <= skew;

    /// <summary>Kong's body check: Digest must be "SHA-256=" and the base64 SHA-256 of the body; no digest is fine only for no body.</summary>
    private static async Task<bool> DigestMatches(HttpRequest request)
    {
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        var digest = request.Headers["Digest"].ToString();
        if (digest.Length == 0) return buffer.Length == 0;
        return digest == "SHA-256=" + Convert.ToBase64String(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }
}
