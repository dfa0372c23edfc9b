using Serilog;
using Tollgate.Gateway.Node;
using Tollgate.Gateway.Telemetry;

if (args is ["health", ..])
{
    return await ReadinessCheck.Run(args[1..]);
}

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
try
{
    await GatewayNode.Build(args).RunAsync();
    return 0;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Log.Fatal(e, "The gateway node failed to start");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
