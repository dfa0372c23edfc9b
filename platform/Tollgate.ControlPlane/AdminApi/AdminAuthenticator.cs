using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tollgate.Secrets;
using Tollgate.Tenants;

namespace Tollgate.AdminApi;

/// <summary>
/// Finds the caller of an Admin API request from its token (Kong-Admin-Token header or Authorization: Bearer):
/// the bootstrap token is the operator's; any other token is looked up by its keyed hash.
/// </summary>
public sealed class AdminAuthenticator(IGrainFactory grains, PlatformSecrets secrets, BootstrapToken bootstrap)
{
    public async Task<AdminPrincipal?> Authenticate(HttpRequest request)
    {
        var token = TokenOf(request);
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), bootstrap.Digest))
        {
            return AdminPrincipal.Operator;
        }
        var hasher = await secrets.Hasher();
        var hash = hasher.KeyHash(token);
        var tenant = await grains.GetGrain<IAdminTokenGrain>(hash).GetTenant();
        // The audit log names a token by the start of its hash: enough to tell tokens apart, nothing to sign in with.
        return tenant is null ? null : new AdminPrincipal(false, tenant, $"admin token {hash[..8]}");
    }

    private static string? TokenOf(HttpRequest request)
    {
        if (request.Headers["Kong-Admin-Token"] is { Count: > 0 } header)
        {
            return header.ToString();
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}

/// <summary>The operator's bootstrap token, kept only as its digest.</summary>
public sealed class BootstrapToken(string token)
{
    public byte[] Digest { get; } = SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

/// <summary>The deployment's secret hasher, read once from its grain.</summary>
public sealed class PlatformSecrets(IGrainFactory grains)
{
    private SecretHasher? _hasher;

    public async ValueTask<SecretHasher> Hasher() =>
        _hasher ??= new SecretHasher(await grains.GetGrain<IDeploymentSecretGrain>(0).GetHashKey());
}
