using System.Text.Json.Nodes;
using Tollgate.Declarative;

namespace Tollgate.Deployment;

/// <summary>The repository the tests run in: its root, and its files read as text or YAML.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    /// <summary>Every YAML document of a file as JSON.</summary>
    public static IReadOnlyList<JsonNode?> Yaml(string text) => DeclarativeFormat.Documents(text);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Platform.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}");
    }
}
