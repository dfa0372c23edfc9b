using System.Diagnostics;

namespace Tollgate.Deployment;

/// <summary>
/// Every process role published by infra/publish.sh, the command each Dockerfile runs, into its own folder, as the
/// images would hold it. Published once for the test class; the time each took is written to TestResults.
/// </summary>
public sealed class PublishedRoles : IAsyncLifetime
{
    public static readonly string[] Roles = ["silo", "gateway", "portal", "all-in-one"];

    private readonly Dictionary<string, string> _folders = [];

    public string Folder(string role) => _folders[role];

    public static string Assembly(string role) => role == "gateway" ? "Tollgate.Gateway.Node.dll" : "Tollgate.Server.dll";

    public Task InitializeAsync()
    {
        var root = Directory.CreateTempSubdirectory("tollgate-published-").FullName;
        foreach (var role in Roles)
        {
            var folder = Path.Combine(root, role);
            var clock = Stopwatch.StartNew();
            var publish = Tools.Run(Repository.Path("infra/publish.sh"), [role, folder], timeout: TimeSpan.FromMinutes(20));
            Assert.True(publish.ExitCode == 0, $"infra/publish.sh {role}: {publish}");
            Assert.True(File.Exists(Path.Combine(folder, Assembly(role))), $"{role}: no {Assembly(role)} in {folder}");
            File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "publish-timings.txt"), $"{DateTimeOffset.UtcNow:u} publish {role} {clock.ElapsedMilliseconds} ms\n");
            _folders[role] = folder;
        }
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        foreach (var folder in _folders.Values) Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
