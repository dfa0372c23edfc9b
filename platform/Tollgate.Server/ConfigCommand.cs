using System.Net.Http.Headers;

namespace Tollgate.Server;

/// <summary>
/// The CLI verb for declarative config: "config import FILE --tenant SLUG [--check]" and "config export --tenant SLUG
/// [--format yaml] [--output FILE]", sent to a running Admin API.
/// </summary>
public static class ConfigCommand
{
    private const string Usage =
        "usage: Tollgate.Server config import FILE --tenant SLUG [--check] [--admin-url URL] [--token TOKEN]\n" +
        "       Tollgate.Server config export --tenant SLUG [--format yaml|json] [--output FILE] [--admin-url URL] [--token TOKEN]\n" +
        "The token defaults to TOLLGATE_ADMIN_TOKEN, then to the bootstrap token in --data-dir (./data).";

    public static async Task<int> Run(string[] args)
    {
        var verb = args.FirstOrDefault();
        var file = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var tenant = Option("--tenant");
        if (verb is not ("import" or "export") || tenant is null || (verb == "import" && file is null))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var adminUrl = Option("--admin-url") ?? "http://localhost:8001";
        var token = Option("--token") ?? Environment.GetEnvironmentVariable("TOLLGATE_ADMIN_TOKEN") ?? ReadBootstrapToken(Option("--data-dir") ?? "./data");
        if (token is null)
        {
            await Console.Error.WriteLineAsync("No admin token: pass --token, set TOLLGATE_ADMIN_TOKEN, or run where ./data/bootstrap-token exists.");
            return 2;
        }
        using var http = new HttpClient { BaseAddress = new Uri(adminUrl) };
        http.DefaultRequestHeaders.Add("Kong-Admin-Token", token);
        HttpResponseMessage response;
        if (verb == "import")
        {
            var content = new StringContent(await File.ReadAllTextAsync(file!));
            content.Headers.ContentType = new MediaTypeHeaderValue(file!.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml");
            response = await http.PostAsync($"/{tenant}/config{(args.Contains("--check") ? "?check=true" : "")}", content);
        }
        else
        {
            response = await http.GetAsync($"/{tenant}/config?format={Option("--format") ?? "yaml"}");
        }
        var body = await response.Content.ReadAsStringAsync();
        if (verb == "export" && response.IsSuccessStatusCode && Option("--output") is { } output)
        {
            await File.WriteAllTextAsync(output, body);
        }
        else
        {
            Console.WriteLine(body);
        }
        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"Admin API answered {(int)response.StatusCode}");
            return 1;
        }
        return 0;
    }

    private static string? ReadBootstrapToken(string dataDir)
    {
        var path = Path.Combine(dataDir, BootstrapTokenSource.FileName);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
