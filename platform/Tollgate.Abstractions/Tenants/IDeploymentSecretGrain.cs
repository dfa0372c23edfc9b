namespace Tollgate.Tenants;

/// <summary>The per-deployment secret that keys the hashes of API keys and admin tokens; made once, shared by every silo.</summary>
[Alias("tollgate.IDeploymentSecretGrain")]
public interface IDeploymentSecretGrain : IGrainWithIntegerKey
{
    [Alias("GetHashKey")] Task<byte[]> GetHashKey();
}
