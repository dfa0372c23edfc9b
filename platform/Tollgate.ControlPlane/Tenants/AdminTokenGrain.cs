namespace Tollgate.Tenants;

/// <summary>An admin token's grant, keyed by the token's hash: the token itself is never stored.</summary>
public sealed class AdminTokenGrain(
    [PersistentState("admin-token", StorageNames.Default)] IPersistentState<AdminTokenGrain.Grant> state) : Grain, IAdminTokenGrain
{
    [GenerateSerializer, Alias("tollgate.AdminTokenGrant")]
    public sealed class Grant
    {
        [Id(0)] public string? Tenant { get; set; }
    }

    public async Task Assign(string tenant)
    {
        state.State.Tenant = tenant;
        await state.WriteStateAsync();
    }

    public Task<string?> GetTenant() => Task.FromResult(state.State.Tenant);

    public async Task Revoke()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
        state.State = new Grant();
    }
}
