using Tollgate.Config;

namespace Tollgate.Tenants;

/// <summary>What a tenant grain persists: its record, config version, entities as JSON, and the recent change log.</summary>
[GenerateSerializer, Alias("tollgate.TenantState")]
public sealed class TenantState
{
    [Id(0)] public TenantRecord? Tenant { get; set; }
    [Id(1)] public long ConfigVersion { get; set; }
    /// <summary>Entities by type name, then id, as Kong-shaped JSON.</summary>
    [Id(2)] public Dictionary<string, Dictionary<Guid, string>> Entities { get; set; } = new();
    /// <summary>Every change with a version above <see cref="ChangesSince"/>, oldest first.</summary>
    [Id(3)] public List<ConfigChange> Changes { get; set; } = new();
    [Id(4)] public long ChangesSince { get; set; }
    [Id(6)] public List<AdminTokenInfo> AdminTokens { get; set; } = new();
}
