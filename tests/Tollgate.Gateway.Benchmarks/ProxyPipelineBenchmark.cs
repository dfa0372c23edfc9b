using System.Net;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Config;
using Tollgate.Gateway.Balancing;
using Tollgate.Gateway.Config;
using Tollgate.Gateway.Forwarding;
using Tollgate.Gateway.Tenancy;
using Tollgate.Tenants;
using Yarp.ReverseProxy.Forwarder;

namespace Tollgate.Gateway.Benchmarks;

/// <summary>
/// CPU and allocations of one proxied request in process: Host → tenant, route match, plugin chain and YARP's
/// forwarder, with a transport that answers at once instead of a socket.
/// </summary>
[MemoryDiagnoser]
public class ProxyPipelineBenchmark
{
    private ProxyHandler _handler = null!;
    private IServiceProvider _services = null!;

    [Params(1, 10_000)]
    public int Tenants { get; set; }

    /// <summary>Whether each request is measured for analytics, as on a real node.</summary>
    [Params(false, true)]
    public bool Analytics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var table = new TenantTable("localhost");
        for (var i = 0; i < Tenants; i++)
        {
            table.Apply(Runtime(i == 0 ? "bench" : $"tenant-{i}"));
        }
        _services = new ServiceCollection().AddLogging().AddHttpForwarder().BuildServiceProvider();
        var invokers = new UpstreamInvokers(_ => new AnsweringTransport());
        // The plan's ceilings stay out of the way: this measures the pipeline, not the plan.
        var plans = new Billing.PlanCatalog(Billing.PlanCatalog.Builtin().All.Select(p => p with { RequestsPerSecond = int.MaxValue, Concurrency = int.MaxValue }));
        _handler = new ProxyHandler(table, _services.GetRequiredService<IHttpForwarder>(), invokers, plans,
            Analytics ? new Tollgate.Analytics.UsageMeter(TimeProvider.System) : null);
    }

    [Benchmark(Description = "plain route")]
    public Task Plain() => _handler.Handle(Request("/plain/items"));

    [Benchmark(Description = "route with rate-limiting")]
    public Task Limited() => _handler.Handle(Request("/limited/items"));

    private HttpContext Request(string path)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("bench.localhost", 8000);
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Connection.LocalPort = 8000;
        context.Response.Body = Stream.Null;
        return context;
    }

    private static TenantRuntime Runtime(string slug)
    {
        const string service = "11111111-1111-1111-1111-111111111111";
        JsonObject Route(string name, string path) => new()
        {
            ["id"] = Guid.NewGuid().ToString(), ["name"] = name, ["protocols"] = new JsonArray("http", "https"),
            ["paths"] = new JsonArray(path), ["strip_path"] = true, ["path_handling"] = "v0",
            ["service"] = new JsonObject { ["id"] = service },
        };
        var limited = Route("limited", "/limited");
        var entities = new (string, JsonObject)[]
        {
            ("services", new JsonObject
            {
                ["id"] = service, ["protocol"] = "http", ["host"] = "upstream.internal", ["port"] = 80, ["retries"] = 5,
                ["connect_timeout"] = 60000, ["write_timeout"] = 60000, ["read_timeout"] = 60000, ["enabled"] = true,
            }),
            ("routes", Route("plain", "/plain")),
            ("routes", limited),
            ("plugins", new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(), ["name"] = "rate-limiting", ["enabled"] = true,
                ["route"] = new JsonObject { ["id"] = limited["id"]!.GetValue<string>() },
                ["config"] = new JsonObject { ["second"] = 1_000_000_000 },
            }),
        };
        var tenant = new TenantRecord(Guid.NewGuid(), slug, slug, "enterprise", "shared", 0, 0);
        var documents = entities.Select(e => new EntityDocument(e.Item1, Guid.Parse(e.Item2["id"]!.GetValue<string>()), e.Item2.ToJsonString()));
        return TenantCompiler.Compile(tenant, 1, documents, new TenantHealth());
    }

    /// <summary>Stands in for the network: answers 200 with a small body without leaving the process.</summary>
    private sealed class AnsweringTransport : HttpMessageHandler
    {
        private static readonly byte[] Body = "hello from upstream\n"u8.ToArray();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Body), RequestMessage = request });
    }
}
