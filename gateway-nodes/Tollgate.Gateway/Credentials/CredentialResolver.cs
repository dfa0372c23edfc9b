using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Tenancy;
using Tollgate.Secrets;
using Tollgate.Tenants;

namespace Tollgate.Gateway.Credentials;

/// <summary>
/// Resolves credentials (API keys, basic-auth and hmac-auth usernames, JWT keys) to consumers. Gateways never hold
/// every credential: one not seen recently is looked up once in the tenant's grain, by a unique field (an API key
/// only by its keyed hash); the answer, found or not, is cached.
/// </summary>
public sealed class CredentialResolver(IGrainFactory grains, ILogger<CredentialResolver> logger)
{
    private byte[]? _deploymentKey;
    private SecretSealer? _sealer;

    /// <summary>The deployment's HMAC key, to hash secrets the way the control plane stored them.</summary>
    public async ValueTask<string> Hash(string secret) => KeyedHash.Of(await DeploymentKey(), secret);

    private async ValueTask<byte[]> DeploymentKey() => _deploymentKey ??= await grains.GetGrain<IDeploymentSecretGrain>(0).GetHashKey();

    /// <summary>
    /// An API key's credential. The control plane is asked by the key's keyed hash; the node's answer is kept under
    /// the key itself, in memory only, so a key seen recently costs no hashing.
    /// </summary>
    public async ValueTask<ResolvedCredential?> ApiKey(TenantSlot slot, string key)
    {
        var cacheKey = "keyauth|" + key;
        return slot.Credentials.TryGet(cacheKey, out var cached) ? cached : await Resolve(slot, cacheKey, "keyauth_credentials", "key_hash", await Hash(key));
    }

    /// <summary>The credential of the collection whose unique field has the value, cached either way.</summary>
    public async ValueTask<ResolvedCredential?> Find(TenantSlot slot, string collection, string field, string value)
    {
        var cacheKey = $"{collection}|{value}";
        return slot.Credentials.TryGet(cacheKey, out var cached) ? cached : await Resolve(slot, cacheKey, collection, field, value);
    }

    /// <summary>The credential with its sealed secret (JWT, hmac-auth) opened, for the plugin that verifies signatures.</summary>
    private async ValueTask<JsonObject> Unsealed(JsonObject credential)
    {
        if (credential["secret_sealed"]?.GetValue<string>() is { } sealedSecret)
        {
            _sealer ??= new SecretSealer(await DeploymentKey());
            credential["secret"] = _sealer.Unseal(sealedSecret);
            credential.Remove("secret_sealed");
        }
        return credential;
    }

    private async Task<ResolvedCredential?> Resolve(TenantSlot slot, string cacheKey, string collection, string field, string value)
    {
        try
        {
            var document = await grains.GetGrain<ITenantGrain>(slot.Slug).FindCredential(collection, field, value);
            var credential = document is null ? null : ResolvedCredential.From(await Unsealed(JsonNode.Parse(document.Json)!.AsObject()));
            slot.Credentials.Put(cacheKey, credential);
            return credential;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not cached: the next request asks again once the control plane answers.
            logger.LogWarning("Tenant {Tenant} {Collection} credential could not be resolved ({Error})", slot.Slug, collection, e.Message);
            return null;
        }
    }
}
