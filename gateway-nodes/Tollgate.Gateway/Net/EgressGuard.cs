using System.Net;
using System.Net.Sockets;

namespace Tollgate.Gateway.Net;

/// <summary>
/// Connects only to public addresses, so a tenant's log endpoint cannot reach the platform's own network (loopback,
/// private ranges, link-local metadata services). The address is checked after DNS resolution, at connect time.
/// </summary>
public static class EgressGuard
{
    private static readonly IpRanges Private = new([
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
        "::1/128", "fc00::/7", "fe80::/10", "::/128",
    ]);

    public static bool IsPublic(IPAddress address) =>
        !Private.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>An HTTP handler for tenant-configured endpoints; <paramref name="allowPrivate"/> lifts the guard (single-machine setups, tests).</summary>
    public static SocketsHttpHandler Handler(bool allowPrivate) => new()
    {
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        ConnectCallback = async (context, cancellation) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellation);
            var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToArray();
            if (allowed.Length == 0)
            {
                throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to no public address; tenant endpoints may not reach private networks");
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
