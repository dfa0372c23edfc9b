using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Tollgate.Testing;

/// <summary>A Kestrel app on a loopback port for the tests' real servers (upstreams, log receivers): started, stopped, and started again on the same port.</summary>
public sealed class LoopbackServer(int port, Action<WebApplication> configure)
{
    private WebApplication? _app;

    public int Port { get; } = port;

    public async Task Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(Port));
        var app = builder.Build();
        configure(app);
        await app.StartAsync();
        _app = app;
    }

    public Task Stop() => Stop(CancellationToken.None);

    /// <summary>Stops at once: connections and requests in flight are cut, as when the process dies.</summary>
    public Task Kill() => Stop(new CancellationToken(canceled: true));

    private async Task Stop(CancellationToken graceful)
    {
        if (_app is null) return;
        await _app.StopAsync(graceful);
        await _app.DisposeAsync();
        _app = null;
    }
}
