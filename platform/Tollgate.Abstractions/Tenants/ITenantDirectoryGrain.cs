namespace Tollgate.Tenants;

/// <summary>The platform-wide list of tenant slugs: claims a slug once, lists them in order.</summary>
[Alias("tollgate.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Claims the slug; false when another tenant holds it.</summary>
    [Alias("Claim")] Task<bool> Claim(string slug);
    [Alias("Release")] Task Release(string slug);
    [Alias("Page")] Task<IReadOnlyList<string>> Page(string? after, int size);
}
