using System.Security.Cryptography;

namespace Tollgate.Tenants;

/// <summary>Makes the deployment's hash key on first use and keeps it in storage, so every silo hashes alike.</summary>
public sealed class DeploymentSecretGrain(
    [PersistentState("deployment-secret", StorageNames.Default)] IPersistentState<DeploymentSecretGrain.Secret> state)
    : Grain, IDeploymentSecretGrain
{
    [GenerateSerializer, Alias("tollgate.DeploymentSecret")]
    public sealed class Secret
    {
        [Id(0)] public byte[]? HashKey { get; set; }
    }

    public async Task<byte[]> GetHashKey()
    {
        if (state.State.HashKey is null)
        {
            state.State.HashKey = RandomNumberGenerator.GetBytes(32);
            await state.WriteStateAsync();
        }
        return state.State.HashKey;
    }
}
