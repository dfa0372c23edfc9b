using Microsoft.Extensions.Primitives;

namespace Tollgate.Gateway.Plugins.ProxyCache;

/// <summary>The directives of a Cache-Control header: present flags and their numeric values (max-age=60).</summary>
public sealed class CacheControl
{
    private readonly Dictionary<string, long?> _directives = new(StringComparer.OrdinalIgnoreCase);

    public CacheControl(StringValues header)
    {
        foreach (var value in header)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=');
                var name = equals < 0 ? part : part[..equals].Trim();
                _directives[name] = equals >= 0 && long.TryParse(part[(equals + 1)..].Trim().Trim('"'), out var number) ? number : null;
            }
        }
    }

    public bool Has(string directive) => _directives.ContainsKey(directive);

    public long? Value(string directive) => _directives.GetValueOrDefault(directive);
}
