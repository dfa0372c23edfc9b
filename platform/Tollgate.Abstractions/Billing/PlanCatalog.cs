using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Tollgate.Billing;

/// <summary>
/// The plans tenants can be on: the built-in free, pro and enterprise from <c>plans.json</c>, each field of which
/// the "Plans" configuration section may override (<c>Plans:free:IncludedRequests=...</c>), and further plans it may add.
/// </summary>
public sealed class PlanCatalog
{
    private readonly Dictionary<string, Plan> _plans;

    public PlanCatalog(IEnumerable<Plan> plans) => _plans = plans.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<Plan> All => _plans.Values;

    /// <summary>The plan by name; an unknown name gets the free plan's terms (the safe default).</summary>
    public Plan this[string name] => _plans.GetValueOrDefault(name) ?? _plans["free"];

    public bool Contains(string name) => _plans.ContainsKey(name);

    public static PlanCatalog Builtin()
    {
        using var stream = typeof(PlanCatalog).Assembly.GetManifestResourceStream("Tollgate.Billing.plans.json")!;
        var plans = JsonSerializer.Deserialize<Dictionary<string, Plan>>(stream)!;
        return new PlanCatalog(plans.Select(p => p.Value with { Name = p.Key }));
    }

    /// <summary>The built-in plans with the "Plans" section's overrides and additions.</summary>
    public static PlanCatalog From(IConfiguration configuration)
    {
        var plans = Builtin()._plans;
        foreach (var section in configuration.GetSection("Plans").GetChildren())
        {
            var plan = plans.GetValueOrDefault(section.Key) ?? new Plan();
            plans[section.Key] = Bound(section, plan) with { Name = section.Key };
        }
        return new PlanCatalog(plans.Values);
    }

    /// <summary>Init-only records do not bind in place; read the overrides onto a copy.</summary>
    private static Plan Bound(IConfigurationSection section, Plan plan)
    {
        var json = JsonSerializer.SerializeToNode(plan)!.AsObject();
        foreach (var field in section.GetChildren())
        {
            var name = json.Select(p => p.Key).FirstOrDefault(k => k.Equals(field.Key, StringComparison.OrdinalIgnoreCase)) ?? field.Key;
            json[name] = field.Value is null ? null : bool.TryParse(field.Value, out var flag) ? flag : long.TryParse(field.Value, out var number) ? number : field.Value;
        }
        return json.Deserialize<Plan>()!;
    }
}
