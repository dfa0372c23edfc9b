namespace Tollgate.Tenants;

/// <summary>The platform's list of tenant slugs, kept sorted so tenants page in a stable order.</summary>
public sealed class TenantDirectoryGrain(
    [PersistentState("tenants", StorageNames.Default)] IPersistentState<TenantDirectoryGrain.Slugs> state) : Grain, ITenantDirectoryGrain
{
    [GenerateSerializer, Alias("tollgate.TenantSlugs")]
    public sealed class Slugs
    {
        [Id(0)] public List<string> Sorted { get; set; } = new();
    }

    public async Task<bool> Claim(string slug)
    {
        var at = state.State.Sorted.BinarySearch(slug, StringComparer.Ordinal);
        if (at >= 0)
        {
            return false;
        }
        state.State.Sorted.Insert(~at, slug);
        await state.WriteStateAsync();
        return true;
    }

    public async Task Release(string slug)
    {
        if (state.State.Sorted.Remove(slug))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> Page(string? after, int size)
    {
        var start = after is null ? 0 : state.State.Sorted.BinarySearch(after, StringComparer.Ordinal) is var at && at >= 0 ? at + 1 : ~at;
        return Task.FromResult<IReadOnlyList<string>>(state.State.Sorted.Skip(start).Take(size).ToList());
    }
}
