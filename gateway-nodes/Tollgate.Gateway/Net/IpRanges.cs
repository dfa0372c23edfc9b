using System.Net;

namespace Tollgate.Gateway.Net;

/// <summary>A set of addresses and CIDR ranges, IPv4 and IPv6 (IPv4-mapped IPv6 addresses count as IPv4).</summary>
public sealed class IpRanges
{
    private readonly (byte[] Network, int Bits)[] _ranges;

    public IpRanges(IEnumerable<string> ranges) => _ranges = [.. ranges.Select(Parse)];

    public static readonly IpRanges None = new([]);

    public bool IsEmpty => _ranges.Length == 0;

    public bool Contains(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        foreach (var (network, bits) in _ranges)
        {
            if (network.Length == length && Matches(bytes[..length], network, bits)) return true;
        }
        return false;
    }

    private static bool Matches(ReadOnlySpan<byte> address, byte[] network, int bits)
    {
        var whole = bits / 8;
        if (!address[..whole].SequenceEqual(network.AsSpan(0, whole))) return false;
        var rest = bits % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == (network[whole] & mask);
    }

    /// <summary>"10.0.0.0/8", "::1" or "2001:db8::/32"; a plain address is a range of one.</summary>
    private static (byte[], int) Parse(string range)
    {
        var slash = range.IndexOf('/');
        var address = IPAddress.Parse(slash < 0 ? range : range[..slash]);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        return (bytes, slash < 0 ? bytes.Length * 8 : int.Parse(range[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
