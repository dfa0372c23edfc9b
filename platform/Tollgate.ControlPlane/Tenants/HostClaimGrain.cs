namespace Tollgate.Tenants;

/// <summary>Which tenant owns a host name; the first claim wins, later claims by other tenants are refused.</summary>
public sealed class HostClaimGrain(
    [PersistentState("host-claim", StorageNames.Default)] IPersistentState<HostClaimGrain.Claim> state) : Grain, IHostClaimGrain
{
    [GenerateSerializer, Alias("tollgate.HostClaim")]
    public sealed class Claim
    {
        [Id(0)] public string? Tenant { get; set; }
    }

    async Task<bool> IHostClaimGrain.Claim(string tenant)
    {
        if (state.State.Tenant is { } owner)
        {
            return owner == tenant;
        }
        state.State.Tenant = tenant;
        await state.WriteStateAsync();
        return true;
    }

    public async Task Release(string tenant)
    {
        if (state.State.Tenant == tenant)
        {
            await state.ClearStateAsync();
            state.State = new Claim();
        }
    }

    public Task<string?> GetOwner() => Task.FromResult(state.State.Tenant);
}
