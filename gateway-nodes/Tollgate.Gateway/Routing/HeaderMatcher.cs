using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Gateway.Routing;

/// <summary>A route's header condition: the request header equals one of the values (any case), or matches a "~*" regex.</summary>
public sealed class HeaderMatcher
{
    private readonly HashSet<string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Regex> _patterns = [];

    public HeaderMatcher(string name, IEnumerable<string> values)
    {
        Name = name;
        foreach (var value in values)
        {
            if (value.StartsWith("~*", StringComparison.Ordinal))
                _patterns.Add(new Regex(value[2..], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)));
            else
                _values.Add(value);
        }
    }

    public string Name { get; }

    public bool Matches(StringValues values)
    {
        foreach (var value in values)
        {
            if (value is null) continue;
            if (_values.Contains(value)) return true;
            foreach (var pattern in _patterns)
            {
                if (pattern.IsMatch(value)) return true;
            }
        }
        return false;
    }
}
