using Serilog;
using Tollgate.Server;

if (args is ["config", ..])
{
    return await ConfigCommand.Run(args[1..]);
}
if (args is ["health", ..])
{
    return await Tollgate.Gateway.Telemetry.ReadinessCheck.Run(args[1..]);
}

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
try
{
    var app = await TollgateServer.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Log.Fatal(e, "Tollgate failed to start");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
