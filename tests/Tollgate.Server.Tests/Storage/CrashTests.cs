using System.Diagnostics;

namespace Tollgate.Server.Storage;

/// <summary>A node killed with SIGKILL loses nothing the Admin API had confirmed.</summary>
public class CrashTests
{
    [Fact]
    public async Task Killed_process_keeps_every_confirmed_write()
    {
        var settings = NodeSettings.Sqlite();
        var slug = AdminHttp.NewSlug();
        using (var server = await ServerProcess.Start(settings))
        {
            var token = await server.CreateTenant(slug);
            var admin = server.AdminAs(token);
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(201, (await admin.Post($"/{slug}/consumers", $$"""{"username":"c{{i}}"}""")).Code);
            }
            server.Kill();
        }
        using (var server = await ServerProcess.Start(settings))
        {
            var consumers = await server.Operator().Get($"/{slug}/consumers");
            Assert.Equal(20, consumers.Json["data"]!.AsArray().Count);
        }
    }
}

/// <summary>The built server run as its own OS process, as a user runs it.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly NodeSettings _settings;

    private ServerProcess(Process process, NodeSettings settings) => (_process, _settings) = (process, settings);

    public static async Task<ServerProcess> Start(NodeSettings settings)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Tollgate.Server.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = settings.DataDir,
        };
        foreach (var (key, value) in settings.ToConfiguration())
        {
            info.Environment["TOLLGATE_" + key.Replace(":", "__")] = value;
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, settings);
        using var status = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{settings.StatusPort}") };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await status.GetAsync("/status/ready")).IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        server.Kill();
        throw new InvalidOperationException($"the server did not become ready (exited: {process.HasExited})");
    }

    public HttpClient AdminAs(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_settings.AdminPort}") };
        client.DefaultRequestHeaders.Add("Kong-Admin-Token", token);
        return client;
    }

    public HttpClient Operator() => AdminAs(TollgateNode.BootstrapToken);

    public async Task<string> CreateTenant(string slug)
    {
        var reply = await Operator().Post("/tenants", $$"""{"slug":"{{slug}}","name":"{{slug}}"}""");
        Assert.True(reply.Code == 201, reply.Text);
        return reply.Json["admin_token"]!.GetValue<string>();
    }

    /// <summary>SIGKILL: no shutdown hooks run.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
