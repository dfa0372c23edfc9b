using System.Security.Claims;
using System.Text.Json.Nodes;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Tollgate.Secrets;
using Tollgate.Tenants;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Tollgate.Portal.OAuth;

/// <summary>
/// The client-credentials grant against tenants' oauth2 credentials (OpenIddict in degraded mode: the clients live in
/// the tenants' config, not in an OpenIddict store). The client id names the tenant; its secret is checked against the
/// stored hash. The access token names the consumer (sub), the client, the tenant (also the audience) and the
/// requested scopes the credential allows.
/// </summary>
public static class ClientCredentials
{
    private const string Credential = "tollgate:credential";
    public const string TenantClaim = "tenant";

    /// <summary>Checks the client; the tenant's credential travels to <see cref="Grant"/> in the transaction.</summary>
    public sealed class Check(IGrainFactory grains) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public async ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            if (!context.Request.IsClientCredentialsGrantType())
            {
                context.Reject(Errors.UnsupportedGrantType, "Only the client_credentials grant is offered.");
                return;
            }
            var clientId = context.ClientId ?? "";
            var tenant = clientId.Split('.')[0];
            var credential = TenantSlug.Problem(tenant) is null && context.Request.ClientSecret is { } secret
                ? await grains.GetGrain<ITenantGrain>(tenant).FindCredential("oauth2_credentials", "client_id", clientId) is { } document
                    && JsonNode.Parse(document.Json) is JsonObject stored
                    && stored["client_secret_hash"]?.GetValue<string>() is { } hash && SecretHasher.VerifyPassword(secret, hash) ? stored : null
                : null;
            if (credential is null)
            {
                context.Reject(Errors.InvalidClient, "The client_id or client_secret is not right.");
                return;
            }
            credential["tenant"] = tenant;
            context.Transaction.Properties[Credential] = credential;
        }
    }

    /// <summary>Issues the access token for the checked client.</summary>
    public sealed class Grant : IOpenIddictServerHandler<HandleTokenRequestContext>
    {
        public ValueTask HandleAsync(HandleTokenRequestContext context)
        {
            var credential = (JsonObject)context.Transaction.Properties[Credential]!;
            var tenant = credential["tenant"]!.GetValue<string>();
            var allowed = (credential["scopes"] as JsonArray ?? []).Select(s => s!.GetValue<string>()).ToHashSet();
            var identity = new ClaimsIdentity("tollgate", Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, credential["consumer"]!["id"]!.GetValue<string>());
            identity.SetClaim(Claims.ClientId, credential["client_id"]!.GetValue<string>());
            identity.SetClaim(TenantClaim, tenant);
            identity.SetScopes(context.Request.GetScopes().Where(allowed.Contains));
            identity.SetAudiences(tenant);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            context.SignIn(new ClaimsPrincipal(identity));
            return ValueTask.CompletedTask;
        }
    }
}
