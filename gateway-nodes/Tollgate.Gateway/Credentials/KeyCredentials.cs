using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Tenancy;
using Tollgate.Secrets;
using Tollgate.Tenants;

namespace Tollgate.Gateway.Credentials;

/// <summary>
/// Resolves API keys to credentials. Gateways never hold every credential: a key not seen recently is hashed with
/// the deployment key and looked up once in the tenant's grain; the answer, found or not, is cached.
/// </summary>
public sealed class KeyCredentials(IGrainFactory grains, ILogger<KeyCredentials> logger)
{
    private byte[]? _deploymentKey;

    public async ValueTask<ResolvedCredential?> Resolve(TenantSlot slot, string key)
    {
        _deploymentKey ??= await grains.GetGrain<IDeploymentSecretGrain>(0).GetHashKey();
        var hash = KeyedHash.Of(_deploymentKey, key);
        if (slot.Credentials.TryGet(hash, out var cached))
        {
            return cached;
        }
        try
        {
            var document = await grains.GetGrain<ITenantGrain>(slot.Slug).FindKeyCredential(hash);
            var credential = document is null ? null : Parse(JsonNode.Parse(document.Json)!.AsObject());
            slot.Credentials.Put(hash, credential);
            return credential;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not cached: the next request asks again once the control plane answers.
            logger.LogWarning("Tenant {Tenant} API key could not be resolved ({Error})", slot.Slug, e.Message);
            return null;
        }
    }

    private static ResolvedCredential Parse(JsonObject credential) => new(
        Guid.Parse(credential["id"]!.GetValue<string>()),
        Guid.Parse(credential["consumer"]!["id"]!.GetValue<string>()),
        credential["expires_at"]?.GetValue<long>());
}
