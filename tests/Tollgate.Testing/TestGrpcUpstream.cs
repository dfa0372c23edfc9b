using System.Buffers.Binary;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Tollgate.Testing;

/// <summary>
/// A real gRPC server over cleartext HTTP/2: "/greet.Greeter/SayHello" takes a HelloRequest { string name = 1 }
/// and answers a HelloReply { string message = 1 } with grpc-status in the trailers.
/// </summary>
public sealed class TestGrpcUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestGrpcUpstream(WebApplication app, int port) => (_app, Port) = (app, port);

    public int Port { get; }

    public static async Task<TestGrpcUpstream> Start()
    {
        var port = TollgateNode.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.Run(SayHello);
        await app.StartAsync();
        return new TestGrpcUpstream(app, port);
    }

    private static async Task SayHello(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var name = ReadString(Unframe(buffer.ToArray()));
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(Frame(WriteString($"Hello {name} via {context.Request.Protocol}")));
        context.Response.AppendTrailer("grpc-status", "0");
    }

    /// <summary>One length-prefixed gRPC message: compressed flag, 4-byte big-endian length, payload.</summary>
    public static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] Unframe(byte[] frame) => frame[5..(5 + (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1)))];

    /// <summary>Protobuf field 1 of type string (names here are shorter than 128 bytes: a one-byte length).</summary>
    public static byte[] WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [0x0A, (byte)bytes.Length, .. bytes];
    }

    public static string ReadString(byte[] message) => Encoding.UTF8.GetString(message, 2, message[1]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
