using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tollgate.Entities;

/// <summary>Kong's value rules for names, hosts, paths and URLs, with Kong's messages.</summary>
public static partial class Rules
{
    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$")]
    private static partial Regex Hostname();

    [GeneratedRegex(@"^[A-Z]+$")]
    private static partial Regex Method();

    /// <summary>Kong's "utf8_name": letters, digits and . - _ ~ (non-ASCII letters are allowed too).</summary>
    public static string? UtfName(JsonNode value)
    {
        var text = value.GetValue<string>();
        foreach (var c in text)
        {
            if (c < 128 && !char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_' or '~'))
            {
                return $"invalid value '{text}': the only accepted ascii characters are alphanumerics or ., -, _, and ~";
            }
        }
        return null;
    }

    /// <summary>A host name or IP address, without a port.</summary>
    public static string? Host(JsonNode value)
    {
        var text = value.GetValue<string>();
        return IsHost(text) ? null : $"invalid value: {text}";
    }

    /// <summary>A host name that may start or end with one "*" label, as routes, SNIs and claimed domains allow.</summary>
    public static string? WildcardHost(JsonNode value)
    {
        var text = value.GetValue<string>();
        var bare = text.StartsWith("*.", StringComparison.Ordinal) ? text[2..]
            : text.EndsWith(".*", StringComparison.Ordinal) ? text[..^2]
            : text;
        var withoutPort = StripPort(bare);
        return withoutPort is not null && IsHost(withoutPort) ? null : $"invalid hostname: {text}";
    }

    public static string? RoutePath(JsonNode value)
    {
        var text = value.GetValue<string>();
        if (text.StartsWith('/'))
        {
            return text.Contains("//", StringComparison.Ordinal) ? "must not have empty segments" : null;
        }
        if (text.StartsWith('~'))
        {
            try
            {
                _ = new Regex(text[1..], RegexOptions.None, TimeSpan.FromMilliseconds(100));
                return null;
            }
            catch (ArgumentException e)
            {
                return $"invalid regex: '{text[1..]}' ({e.Message})";
            }
        }
        return "should start with: / (fixed path) or ~/ (regex path)";
    }

    public static string? ServicePath(JsonNode value)
    {
        var text = value.GetValue<string>();
        if (!text.StartsWith('/'))
        {
            return "should start with: /";
        }
        return text.Contains("//", StringComparison.Ordinal) ? "must not have empty segments" : null;
    }

    public static string? HttpMethod(JsonNode value)
    {
        var text = value.GetValue<string>();
        return Method().IsMatch(text) ? null : $"invalid value: {text}";
    }

    /// <summary>A target: host or IP with an optional port.</summary>
    public static string? Target(JsonNode value)
    {
        var text = value.GetValue<string>();
        var host = StripPort(text);
        return host is not null && IsHost(host) ? null : "Invalid target; not a valid hostname or ip address";
    }

    public static string? Uuid(JsonNode value) =>
        Guid.TryParse(value.GetValue<string>(), out _) ? null : "expected a valid UUID";

    private static bool IsHost(string text) =>
        IPAddress.TryParse(text.Trim('[', ']'), out _) || Hostname().IsMatch(text);

    /// <summary>A regular expression .NET can compile (Kong checks its PCRE patterns the same way).</summary>
    public static string? Regex(JsonNode value)
    {
        try
        {
            _ = new Regex(value.GetValue<string>());
            return null;
        }
        catch (ArgumentException e)
        {
            return $"not a valid regex: {value.GetValue<string>()} ({e.Message})";
        }
    }

    /// <summary>Kong's ip_or_cidr: an IPv4 or IPv6 address, or a CIDR range of either.</summary>
    public static string? IpOrCidr(JsonNode value)
    {
        var text = value.GetValue<string>();
        var slash = text.IndexOf('/');
        var address = slash < 0 ? text : text[..slash];
        var valid = IPAddress.TryParse(address, out var ip) && (slash < 0
            || (int.TryParse(text[(slash + 1)..], out var bits) && bits >= 0 && bits <= (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)));
        return valid ? null : $"invalid ip or cidr range: '{text}'";
    }

    /// <summary>Kong's header_name: letters, digits, '_' and '-'.</summary>
    public static string? HeaderName(JsonNode value)
    {
        var text = value.GetValue<string>();
        return text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? null
            : $"bad header name '{text}', allowed characters are A-Z, a-z, 0-9, '_', and '-'";
    }

    /// <summary>The host part of "host[:port]" ("[v6]:port" too); null when the port is not a number in range.</summary>
    public static string? StripPort(string text)
    {
        if (text.StartsWith('['))
        {
            var end = text.IndexOf(']');
            if (end < 0) return null;
            var rest = text[(end + 1)..];
            return rest.Length == 0 || (rest[0] == ':' && IsPort(rest[1..])) ? text[..(end + 1)] : null;
        }
        var colon = text.LastIndexOf(':');
        if (colon < 0 || text.IndexOf(':') != colon)
        {
            return text;
        }
        return IsPort(text[(colon + 1)..]) ? text[..colon] : null;
    }

    private static bool IsPort(string text) => int.TryParse(text, out var port) && port is >= 0 and <= 65535;
}
