using System.Text.Json.Nodes;

namespace Tollgate.Deployment;

/// <summary>
/// The Helm chart (infra/helm/tollgate) rendered by <c>helm template</c>, once with its defaults and once with every
/// option on, each written to a file (for yamllint and the Kubernetes schemas) and parsed into its objects.
/// </summary>
public sealed class RenderedChart
{
    public const string Chart = "infra/helm/tollgate";

    /// <summary>Options the defaults leave off: Stripe, SMTP, the Admin API's Ingress, a PodMonitor, fixed gateway replicas.</summary>
    public static readonly string[] EverythingOn =
    [
        "stripe.enabled=true", "email.smtp.host=smtp.example.com", "email.smtp.passwordSecret.name=tollgate-smtp",
        "admin.ingress.enabled=true", "metrics.podMonitor=true", "gateway.autoscaling.enabled=false", "portal.ingress.tlsSecretName=portal-tls",
    ];

    public Rendering Defaults { get; } = Render("defaults", []);
    public Rendering Options { get; } = Render("options", EverythingOn);

    private static Rendering Render(string name, string[] settings)
    {
        var result = Tools.Helm(["template", "tg", Repository.Path(Chart), "--namespace", "tollgate", .. settings.SelectMany(s => new[] { "--set", s })]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var file = Path.Combine(AppContext.BaseDirectory, $"chart-{name}.yaml");
        File.WriteAllText(file, result.Output);
        return new Rendering(file, [.. Repository.Yaml(result.Output).OfType<JsonObject>()]);
    }
}

/// <summary>One rendering of the chart: its file and its objects.</summary>
public sealed record Rendering(string File, IReadOnlyList<JsonObject> Objects)
{
    public JsonObject Get(string kind, string name) =>
        Objects.SingleOrDefault(o => o["kind"]!.GetValue<string>() == kind && o["metadata"]!["name"]!.GetValue<string>() == name)
            ?? throw new Xunit.Sdk.XunitException($"no {kind} {name} in {string.Join(", ", Objects.Select(o => $"{o["kind"]} {o["metadata"]!["name"]}"))}");

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => o["kind"]!.GetValue<string>() == kind);

    /// <summary>Every container of every workload, with its workload's name.</summary>
    public IEnumerable<(string Workload, JsonObject Pod, JsonObject Container)> Containers() =>
        from workload in OfKind("Deployment")
        let pod = workload["spec"]!["template"]!["spec"]!.AsObject()
        from container in pod["containers"]!.AsArray()
        select (workload["metadata"]!["name"]!.GetValue<string>(), pod, container!.AsObject());
}
