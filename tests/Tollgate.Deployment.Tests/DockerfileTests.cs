using System.Text.RegularExpressions;

namespace Tollgate.Deployment;

/// <summary>
/// The images' Dockerfiles, checked as dockerfilelint would and for what we promise of them: a multi-stage build on
/// pinned .NET 10 SDK and ASP.NET images that runs infra/publish.sh (the command CI runs), a non-root user, and a
/// health check on the status port. No container engine runs here, so they are read, not built.
/// </summary>
public partial class DockerfileTests
{
    /// <summary>Each role's published entry assembly and the ports its container listens on.</summary>
    private static readonly Dictionary<string, (string Assembly, string Ports)> Images = new()
    {
        ["silo"] = ("Tollgate.Server.dll", "8001 8100 11111 30000"),
        ["gateway"] = ("Tollgate.Gateway.Node.dll", "8000 8443 9080 8100"),
        ["portal"] = ("Tollgate.Server.dll", "8002 8100"),
        ["all-in-one"] = ("Tollgate.Server.dll", "8000 8443 9080 8001 8002 8100"),
    };

    public static TheoryData<string> Roles() => [.. Images.Keys];

    private sealed record Instruction(string Keyword, string Arguments, int Line);

    private static List<Instruction> Parse(string role)
    {
        var instructions = new List<Instruction>();
        var lines = Repository.Read($"infra/docker/{role}.Dockerfile").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var start = i;
            while (line.EndsWith('\\') && i + 1 < lines.Length) line = line[..^1] + " " + lines[++i].Trim();
            var space = line.IndexOf(' ');
            Assert.True(space > 0, $"{role}.Dockerfile:{start + 1}: an instruction without arguments");
            instructions.Add(new Instruction(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim(), start + 1));
        }
        return instructions;
    }

    [GeneratedRegex(@"^(?<image>[a-z0-9./-]+):(?<tag>[0-9][A-Za-z0-9._-]*)(\s+AS\s+\w+)?$")]
    private static partial Regex PinnedImage();

    [Theory, MemberData(nameof(Roles))]
    public void Builds_in_two_stages_on_pinned_dotnet_10_images(string role)
    {
        var froms = Parse(role).Where(i => i.Keyword == "FROM").ToList();
        Assert.Equal(2, froms.Count);
        foreach (var from in froms)
        {
            var match = PinnedImage().Match(from.Arguments);
            Assert.True(match.Success, $"{role}.Dockerfile:{from.Line}: '{from.Arguments}' is not pinned to a version tag");
            Assert.StartsWith("10.0.", match.Groups["tag"].Value);
        }
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", froms[0].Arguments);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", froms[1].Arguments);
        // The runtime stage takes only the published folder from the build stage.
        var copies = Parse(role).Where(i => i.Keyword == "COPY" && i.Line > froms[1].Line).ToList();
        Assert.Equal(["--from=build /app ."], copies.Select(c => c.Arguments));
    }

    [Theory, MemberData(nameof(Roles))]
    public void Publishes_with_the_command_ci_runs(string role)
    {
        var assembly = Images[role].Assembly;
        var runs = Parse(role).Where(i => i.Keyword == "RUN").Select(i => i.Arguments).ToList();
        Assert.Contains($"./infra/publish.sh {role} /app", runs);
        Assert.Equal($"[\"dotnet\", \"{assembly}\"]", Parse(role).Single(i => i.Keyword == "ENTRYPOINT").Arguments);
        // The script knows the role and publishes the project whose assembly the entry point runs.
        var script = Repository.Read("infra/publish.sh");
        var arm = script.Split('\n').Single(l => Regex.IsMatch(l, $@"^\s*([a-z-]+\|)*{Regex.Escape(role)}(\|[a-z-]+)*\)"));
        Assert.Contains(Path.GetFileNameWithoutExtension(assembly) + ".csproj", arm);
    }

    [Theory, MemberData(nameof(Roles))]
    public void Runs_as_a_non_root_user_with_a_health_check_on_the_status_port(string role)
    {
        var (assembly, ports) = Images[role];
        var instructions = Parse(role);
        var runtime = instructions.FindLastIndex(i => i.Keyword == "FROM");
        var final = instructions.Skip(runtime).ToList();
        var user = Assert.Single(final, i => i.Keyword == "USER");
        Assert.DoesNotMatch(@"^(root|0)(:.*)?$", user.Arguments);
        // The user is the .NET image's numeric APP_UID, so Kubernetes' runAsNonRoot can verify it.
        Assert.Equal("$APP_UID", user.Arguments);
        Assert.True(final.IndexOf(user) > final.FindLastIndex(i => i.Keyword is "RUN" or "COPY"), "USER comes after the last RUN and COPY");
        var health = Assert.Single(final, i => i.Keyword == "HEALTHCHECK");
        Assert.EndsWith($"CMD [\"dotnet\", \"{assembly}\", \"health\"]", health.Arguments);
        Assert.Matches(@"--interval=\d+s", health.Arguments);
        Assert.Equal(ports, Assert.Single(final, i => i.Keyword == "EXPOSE").Arguments);
        Assert.Contains("8100", ports);
    }

    [Fact]
    public void Every_role_the_publish_script_knows_has_a_dockerfile_and_the_context_leaves_out_build_output()
    {
        var roles = Regex.Match(Repository.Read("infra/publish.sh"), @"ROLE: ([a-z| -]+)\n").Groups[1].Value
            .Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["silo", "gateway", "portal", "all-in-one"], roles);
        Assert.All(roles, role => Assert.True(File.Exists(Repository.Path($"infra/docker/{role}.Dockerfile")), role));
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToHashSet();
        Assert.Superset(new HashSet<string> { "**/bin", "**/obj", ".git" }, ignored);
    }
}
