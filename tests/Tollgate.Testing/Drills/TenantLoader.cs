using System.Diagnostics;

namespace Tollgate.Testing.Drills;

/// <summary>Creates many tenants through the Admin API, each with one service and ten routes, a few at a time.</summary>
public static class TenantLoader
{
    /// <summary>Declarative config of a tenant with one service on the upstream and routes /r0 … /r9.</summary>
    public static string TenRoutes(string upstream) =>
        $$"""{"_format_version":"3.0","services":[{"name":"s","url":"http://{{upstream}}","routes":[{{string.Join(",", Enumerable.Range(0, 10).Select(r => $$"""{"name":"r{{r}}","paths":["/r{{r}}"]}"""))}}]}]}""";

    /// <summary>Creates tenants prefix-{first} … prefix-{last}; answers how long it took.</summary>
    public static async Task<TimeSpan> Load(HttpClient operatorClient, string prefix, int first, int last, string upstream, int parallel = 8)
    {
        var config = TenRoutes(upstream);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(first, last - first + 1), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
        {
            var slug = $"{prefix}-{i}";
            var created = await operatorClient.Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}"}""");
            if (created.Code != 201) throw new InvalidOperationException($"creating {slug}: {created.Code} {created.Text}");
            var imported = await operatorClient.Post($"/{slug}/config", config);
            if (imported.Code != 201) throw new InvalidOperationException($"configuring {slug}: {imported.Code} {imported.Text}");
        });
        return clock.Elapsed;
    }

    /// <summary>Every route of tenants prefix-{first} … prefix-{last}: host and path.</summary>
    public static IEnumerable<(string Host, string Path)> Routes(string prefix, int first, int last) =>
        from i in Enumerable.Range(first, last - first + 1)
        from r in Enumerable.Range(0, 10)
        select ($"{prefix}-{i}.localhost", $"/r{r}");
}
