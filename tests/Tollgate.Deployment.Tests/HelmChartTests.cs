using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Deployment;

/// <summary>
/// The Kubernetes manifests, as the Helm chart renders them: lint-clean, valid against the Kubernetes API schemas,
/// and holding what a production rollout needs (autoscaled gateways behind a LoadBalancer, an Ingress for the portal,
/// probes, limits, graceful shutdown, secrets by reference, Prometheus scraping).
/// </summary>
public class HelmChartTests(RenderedChart chart) : IClassFixture<RenderedChart>
{
    [Fact]
    public void The_chart_lints_and_every_rendered_object_is_valid_yaml_and_valid_for_the_kubernetes_api()
    {
        var lint = Tools.Helm("lint", Repository.Path(RenderedChart.Chart), "--strict");
        Assert.True(lint.ExitCode == 0, lint.ToString());
        var yaml = Tools.Yamllint(chart.Defaults.File, chart.Options.File, RenderedChart.Chart);
        Assert.True(yaml.ExitCode == 0, yaml.ToString());
        var schemas = Tools.Node("k8s-validate.mjs", chart.Defaults.File, chart.Options.File);
        Assert.True(schemas.ExitCode == 0, schemas.ToString());
        var checkedObjects = schemas.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(chart.Defaults.Objects.Count + chart.Options.Objects.Count, checkedObjects.Count);
        Assert.All(checkedObjects, o => Assert.Null(o["error"]));
    }

    [Fact]
    public void Gateway_nodes_scale_on_cpu_keep_one_up_in_disruptions_and_face_the_internet_through_a_load_balancer()
    {
        var rendered = chart.Defaults;
        var hpa = rendered.Get("HorizontalPodAutoscaler", "tg-gateway")["spec"]!;
        Assert.Equal(("Deployment", "tg-gateway"), (hpa["scaleTargetRef"]!["kind"]!.GetValue<string>(), hpa["scaleTargetRef"]!["name"]!.GetValue<string>()));
        Assert.Equal((2L, 10L), (hpa["minReplicas"]!.GetValue<long>(), hpa["maxReplicas"]!.GetValue<long>()));
        Assert.Equal("cpu", hpa["metrics"]![0]!["resource"]!["name"]!.GetValue<string>());
        // The autoscaler owns the replica count.
        Assert.Null(rendered.Get("Deployment", "tg-gateway")["spec"]!["replicas"]);
        Assert.Equal(2L, chart.Options.Get("Deployment", "tg-gateway")["spec"]!["replicas"]!.GetValue<long>());

        var service = rendered.Get("Service", "tg-gateway")["spec"]!;
        Assert.Equal(("LoadBalancer", "Local"), (service["type"]!.GetValue<string>(), service["externalTrafficPolicy"]!.GetValue<string>()));
        Assert.Equal(["proxy", "proxy-tls", "proxy-h2c"], service["ports"]!.AsArray().Select(p => p!["targetPort"]!.GetValue<string>()));
        foreach (var role in new[] { "gateway", "silo", "portal" })
        {
            var budget = rendered.Get("PodDisruptionBudget", $"tg-{role}")["spec"]!;
            Assert.Equal(1L, budget["minAvailable"]!.GetValue<long>());
            Assert.Equal(role, budget["selector"]!["matchLabels"]!["app.kubernetes.io/component"]!.GetValue<string>());
        }
    }

    [Fact]
    public void The_portal_is_behind_an_ingress_with_sticky_sessions_and_the_admin_api_only_when_asked()
    {
        var ingress = chart.Defaults.Get("Ingress", "tg-portal")["spec"]!;
        var rule = ingress["rules"]![0]!;
        Assert.Equal("portal.example.com", rule["host"]!.GetValue<string>());
        Assert.Equal("tg-portal", rule["http"]!["paths"]![0]!["backend"]!["service"]!["name"]!.GetValue<string>());
        Assert.Equal("cookie", chart.Defaults.Get("Ingress", "tg-portal")["metadata"]!["annotations"]!["nginx.ingress.kubernetes.io/affinity"]!.GetValue<string>());
        Assert.DoesNotContain(chart.Defaults.OfKind("Ingress"), i => i["metadata"]!["name"]!.GetValue<string>() == "tg-admin");
        var admin = chart.Options.Get("Ingress", "tg-admin")["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!;
        Assert.Equal(("tg-admin", "admin"), (admin["name"]!.GetValue<string>(), admin["port"]!["name"]!.GetValue<string>()));
        Assert.Equal("portal-tls", chart.Options.Get("Ingress", "tg-portal")["spec"]!["tls"]![0]!["secretName"]!.GetValue<string>());
    }

    [Fact]
    public void Every_container_has_probes_on_the_status_port_limits_a_non_root_user_and_time_to_shut_down()
    {
        var containers = chart.Defaults.Containers().ToList();
        Assert.Equal(["tg-gateway", "tg-portal", "tg-silo"], containers.Select(c => c.Workload).Order());
        foreach (var (workload, pod, container) in containers)
        {
            var status = container["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "status")!;
            Assert.Equal(8100L, status["containerPort"]!.GetValue<long>());
            Assert.Equal("/status/ready", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.Equal("/status/live", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.All(new[] { "readinessProbe", "livenessProbe", "startupProbe" }, p => Assert.Equal("status", container[p]!["httpGet"]!["port"]!.GetValue<string>()));
            foreach (var bound in new[] { "requests", "limits" })
            {
                Assert.NotNull(container["resources"]![bound]!["cpu"]);
                Assert.NotNull(container["resources"]![bound]!["memory"]);
            }
            var security = container["securityContext"]!;
            Assert.True(security["runAsNonRoot"]!.GetValue<bool>(), workload);
            Assert.False(security["allowPrivilegeEscalation"]!.GetValue<bool>(), workload);
            Assert.True(security["readOnlyRootFilesystem"]!.GetValue<bool>(), workload);
            // The process allows itself 30 s to finish requests and flush analytics; the pod gets more.
            Assert.True(pod["terminationGracePeriodSeconds"]!.GetValue<long>() >= 40, workload);
        }
        var gateway = containers.Single(c => c.Workload == "tg-gateway").Container;
        Assert.Equal(["sleep", "5"], gateway["lifecycle"]!["preStop"]!["exec"]!["command"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public void Secrets_are_referenced_never_inlined_and_silos_advertise_their_pod_address()
    {
        foreach (var rendering in new[] { chart.Defaults, chart.Options })
        {
            foreach (var (workload, _, container) in rendering.Containers())
            {
                foreach (var variable in container["env"]!.AsArray().Select(v => v!.AsObject()))
                {
                    var name = variable["name"]!.GetValue<string>();
                    if (name.Contains("ConnectionString") || name.Contains("Token") || name.Contains("Secret") || name.Contains("Password"))
                    {
                        Assert.True(variable["value"] is null, $"{workload}: {name} is inlined");
                        Assert.NotNull(variable["valueFrom"]!["secretKeyRef"]!["name"]);
                    }
                }
            }
        }
        var optionsEnv = chart.Options.Containers().Single(c => c.Workload == "tg-silo").Container["env"]!.AsArray();
        Assert.Contains(optionsEnv, v => v!["name"]!.GetValue<string>() == "TOLLGATE_Billing__Stripe__SecretKey");
        var silo = chart.Defaults.Containers().Single(c => c.Workload == "tg-silo").Container["env"]!.AsArray();
        Assert.Equal("status.podIP", silo.Single(v => v!["name"]!.GetValue<string>() == "TOLLGATE_Cluster__AdvertisedAddress")!["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>());
        Assert.DoesNotContain(silo, v => v!["name"]!.GetValue<string>().StartsWith("TOLLGATE_Billing__"));
        Assert.Empty(chart.Defaults.OfKind("Secret"));
    }

    [Fact]
    public void Prometheus_scrapes_the_status_port_by_annotations_or_a_pod_monitor()
    {
        foreach (var workload in chart.Defaults.OfKind("Deployment"))
        {
            var annotations = workload["spec"]!["template"]!["metadata"]!["annotations"]!;
            Assert.Equal(("true", "8100", "/metrics"), (annotations["prometheus.io/scrape"]!.GetValue<string>(), annotations["prometheus.io/port"]!.GetValue<string>(), annotations["prometheus.io/path"]!.GetValue<string>()));
        }
        var monitor = chart.Options.Get("PodMonitor", "tg")["spec"]!;
        Assert.Equal(("status", "/metrics"), (monitor["podMetricsEndpoints"]![0]!["port"]!.GetValue<string>(), monitor["podMetricsEndpoints"]![0]!["path"]!.GetValue<string>()));
        Assert.All(chart.Options.OfKind("Deployment"), w => Assert.Null(w["spec"]!["template"]!["metadata"]!["annotations"]));
        Assert.Equal(JsonValueKind.Object, monitor["selector"]!["matchLabels"]!.GetValueKind());
    }
}
