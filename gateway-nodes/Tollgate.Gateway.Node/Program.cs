using Serilog;
using Tollgate.Gateway.Node;

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
