using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tollgate.Deployment;

/// <summary>
/// The Terraform module (terraform/modules/tollgate) and its AWS example, parsed with HashiCorp's HCL parser: every
/// file parses, every variable is documented and typed, secrets are sensitive, and the example passes the module only
/// variables it has (and all those it needs). No cloud account is used here, so nothing is planned or applied.
/// </summary>
public partial class TerraformTests
{
    private const string Module = "terraform/modules/tollgate";
    private const string Example = "terraform/examples/aws";

    /// <summary>The merged top-level blocks of a folder's .tf files, as hcl2json gives them.</summary>
    private static JsonObject Parse(string folder)
    {
        var files = Directory.GetFiles(Repository.Path(folder), "*.tf").Order().ToArray();
        Assert.NotEmpty(files);
        var parsed = Tools.Node("hcl2json.mjs", files);
        Assert.True(parsed.ExitCode == 0, parsed.ToString());
        var merged = new JsonObject();
        foreach (var (_, body) in JsonNode.Parse(parsed.Output)!.AsObject())
        {
            foreach (var (block, content) in body!.AsObject())
            {
                if (content is JsonObject named)
                {
                    var target = merged[block] as JsonObject ?? (JsonObject)(merged[block] = new JsonObject());
                    foreach (var (name, value) in named) target[name] = value!.DeepClone();
                }
                else
                {
                    var target = merged[block] as JsonArray ?? (JsonArray)(merged[block] = new JsonArray());
                    foreach (var item in content!.AsArray()) target.Add(item!.DeepClone());
                }
            }
        }
        return merged;
    }

    private static IEnumerable<(string Name, JsonObject Body)> Variables(JsonObject parsed) =>
        parsed["variable"]!.AsObject().Select(v => (v.Key, v.Value![0]!.AsObject()));

    /// <summary>Names of variables that hold a secret (not those naming a Kubernetes Secret).</summary>
    [GeneratedRegex("(password|secret|token|connection_string|private_key)(?!_name)")]
    private static partial Regex SecretName();

    [Fact]
    public void Every_terraform_file_parses()
    {
        foreach (var folder in Directory.GetDirectories(Repository.Path("terraform"), "*", SearchOption.AllDirectories).Where(d => Directory.GetFiles(d, "*.tf").Length > 0))
        {
            var parsed = Tools.Node("hcl2json.mjs", Directory.GetFiles(folder, "*.tf"));
            Assert.True(parsed.ExitCode == 0, parsed.ToString());
        }
    }

    [Theory]
    [InlineData(Module)]
    [InlineData(Example)]
    public void Every_variable_has_a_description_and_a_type_and_secrets_are_sensitive(string folder)
    {
        foreach (var (name, body) in Variables(Parse(folder)))
        {
            Assert.False(string.IsNullOrWhiteSpace(body["description"]?.GetValue<string>()), $"{folder}: variable {name} has no description");
            Assert.NotNull(body["type"]);
            if (SecretName().IsMatch(name)) Assert.True(body["sensitive"]?.GetValue<bool>() == true, $"{folder}: variable {name} holds a secret and is not sensitive");
        }
    }

    [Fact]
    public void The_example_passes_the_module_only_variables_it_has_and_every_one_it_requires()
    {
        var module = Variables(Parse(Module)).ToDictionary(v => v.Name, v => v.Body);
        var call = Parse(Example)["module"]!["tollgate"]![0]!.AsObject();
        Assert.Equal("../../modules/tollgate", call["source"]!.GetValue<string>());
        var passed = call.Select(a => a.Key).Except(["source", "version", "providers", "depends_on", "count", "for_each"]).ToList();
        Assert.All(passed, argument => Assert.True(module.ContainsKey(argument), $"the example passes {argument}, which the module has no variable for"));
        var required = module.Where(v => !v.Value.ContainsKey("default")).Select(v => v.Key);
        Assert.All(required, variable => Assert.Contains(variable, passed));
    }

    [Fact]
    public void The_module_deploys_the_chart_of_this_repository_and_answers_its_endpoints()
    {
        var module = Parse(Module);
        var chart = module["locals"]![0]!["chart"]!.GetValue<string>();
        var relative = Regex.Match(chart, @"\$\{path\.module\}/([^""]+)""").Groups[1].Value;
        Assert.True(File.Exists(Path.Combine(Repository.Path(Module), relative, "Chart.yaml")), $"the module's chart path {relative} has no Chart.yaml");
        Assert.NotNull(module["resource"]!["helm_release"]!["tollgate"]);
        Assert.Superset(new HashSet<string> { "postgres", "operator", "stripe" }, module["resource"]!["kubernetes_secret"]!.AsObject().Select(s => s.Key).ToHashSet());
        Assert.Superset(new HashSet<string> { "proxy_endpoint", "admin_api_endpoint", "portal_endpoint" }, module["output"]!.AsObject().Select(o => o.Key).ToHashSet());
        var providers = Parse(Module)["terraform"]![0]!["required_providers"]![0]!.AsObject();
        Assert.Equal(["helm", "kubernetes"], providers.Select(p => p.Key).Order());
    }

    [Fact]
    public void The_aws_example_creates_a_network_an_eks_cluster_and_an_rds_postgresql()
    {
        var example = Parse(Example);
        Assert.Equal("terraform-aws-modules/vpc/aws", example["module"]!["vpc"]![0]!["source"]!.GetValue<string>());
        Assert.Equal("terraform-aws-modules/eks/aws", example["module"]!["eks"]![0]!["source"]!.GetValue<string>());
        var database = example["resource"]!["aws_db_instance"]!["tollgate"]![0]!;
        Assert.Equal("postgres", database["engine"]!.GetValue<string>());
        Assert.True(database["storage_encrypted"]!.GetValue<bool>());
        Assert.Superset(new HashSet<string> { "proxy_endpoint", "admin_api_endpoint", "portal_endpoint" }, example["output"]!.AsObject().Select(o => o.Key).ToHashSet());
    }
}
