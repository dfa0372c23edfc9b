namespace Tollgate.Gateway.Routing;

/// <summary>One entry of a route's hosts: exact ("api.example.com"), with a port ("api.example.com:8443"),
/// or a wildcard at the start ("*.example.com") or the end ("example.*").</summary>
public sealed class HostPattern
{
    private readonly string _host;
    private readonly int? _port;
    private readonly bool _leadingWildcard;
    private readonly bool _trailingWildcard;

    public HostPattern(string pattern)
    {
        var text = pattern.ToLowerInvariant();
        var colon = text.LastIndexOf(':');
        if (colon > 0 && !text.EndsWith(']') && int.TryParse(text[(colon + 1)..], out var port) && text.IndexOf(':') == colon)
        {
            _port = port;
            text = text[..colon];
        }
        _leadingWildcard = text.StartsWith("*.", StringComparison.Ordinal);
        _trailingWildcard = text.EndsWith(".*", StringComparison.Ordinal);
        _host = _leadingWildcard ? text[1..] : _trailingWildcard ? text[..^1] : text;
    }

    public bool IsWildcard => _leadingWildcard || _trailingWildcard;

    /// <summary>Whether the request's host (lowercase, without port) and port match.</summary>
    public bool Matches(string host, int port)
    {
        if (_port is { } wanted && wanted != port)
        {
            return false;
        }
        if (_leadingWildcard)
        {
            return host.Length > _host.Length && host.EndsWith(_host, StringComparison.Ordinal);
        }
        if (_trailingWildcard)
        {
            return host.Length > _host.Length && host.StartsWith(_host, StringComparison.Ordinal);
        }
        return host == _host;
    }
}
