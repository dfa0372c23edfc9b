using System.Net;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Gateway.Net;

/// <summary>
/// The client's address as Kong's real_ip settings give it: the connection's peer, unless that peer is a trusted
/// proxy, in which case the last address in X-Forwarded-For that is not itself trusted.
/// </summary>
public sealed class ClientAddress(GatewayOptions options)
{
    private readonly IpRanges _trusted = new(options.TrustedIps);

    public IPAddress? Of(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (peer is { IsIPv4MappedToIPv6: true }) peer = peer.MapToIPv4();
        if (_trusted.IsEmpty || !_trusted.Contains(peer)) return peer;
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = forwarded.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(forwarded[i], out var hop)) return peer;
            if (!_trusted.Contains(hop)) return hop;
        }
        return forwarded.Length > 0 && IPAddress.TryParse(forwarded[0], out var first) ? first : peer;
    }
}
