using System.Text.Json.Nodes;

namespace Tollgate.Testing.Drills;

/// <summary>One tenant a drill loads, and what the control plane counted of its traffic: analytics and billing.</summary>
public sealed record DrillTenant(string Slug, HttpClient Admin)
{
    public string Host => $"{Slug}.localhost";

    /// <summary>Load targets: the routes /r0 … /r9 of <see cref="TenantLoader.TenRoutes"/> on a proxy port.</summary>
    public IEnumerable<DrillLoad.Target> TenRoutesOn(int port) => Enumerable.Range(0, 10).Select(r => new DrillLoad.Target(port, Host, $"/r{r}"));

    /// <summary>A tenant on the enterprise plan (drills measure the platform, not a plan's ceilings) whose declarative config is the given JSON.</summary>
    public static async Task<DrillTenant> Create(HttpClient operatorClient, string prefix, string declarative)
    {
        var slug = AdminHttp.NewSlug(prefix);
        var created = await operatorClient.Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}","plan":"enterprise"}""");
        if (created.Code != 201) throw new InvalidOperationException($"creating {slug}: {created.Code} {created.Text}");
        var imported = await operatorClient.Post($"/{slug}/config", declarative);
        if (imported.Code != 201) throw new InvalidOperationException($"configuring {slug}: {imported.Code} {imported.Text}");
        return new DrillTenant(slug, operatorClient);
    }

    /// <summary>Requests the analytics store holds for the tenant since the start of this hour's previous hour.</summary>
    public async Task<long> Counted()
    {
        var from = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600 - 3600;
        var report = await Admin.Get($"/{Slug}/analytics/requests?from={from}&granularity=minute");
        if (report.Code != 200) throw new InvalidOperationException($"analytics: {report.Code} {report.Text}");
        return report.Json["totals"]!["requests"]!.GetValue<long>();
    }

    /// <summary>Billable requests of the month so far, as the billing summary shows them.</summary>
    public async Task<long> Billable()
    {
        var billing = await Admin.Get($"/{Slug}/billing");
        if (billing.Code != 200) throw new InvalidOperationException($"billing: {billing.Code} {billing.Text}");
        return billing.Json["month_to_date"]!["billable_requests"]!.GetValue<long>();
    }

    /// <summary>Reads a count until it has not changed for the quiet period (flushes have landed); answers the last reading.</summary>
    public static async Task<long> Settled(Func<Task<long>> read, TimeSpan quiet)
    {
        var last = await read();
        var unchangedSince = DateTime.UtcNow;
        var giveUp = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow - unchangedSince < quiet && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(250);
            var now = await read();
            if (now != last) (last, unchangedSince) = (now, DateTime.UtcNow);
        }
        return last;
    }
}
