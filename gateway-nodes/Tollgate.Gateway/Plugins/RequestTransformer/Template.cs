using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Routing;

namespace Tollgate.Gateway.Plugins.RequestTransformer;

/// <summary>
/// Kong's request-transformer templates in values: <c>$(headers.name)</c>, <c>$(headers["x-name"])</c>,
/// <c>$(query_params.name)</c>, <c>$(uri_captures.name)</c> or <c>$(uri_captures[1])</c>, optionally with a fallback
/// <c>or "text"</c>. Kong evaluates these as Lua; the gateway accepts these forms, which are the ones in Kong's docs,
/// and refuses any other at write time. A value without <c>$(</c> is used as it is.
/// </summary>
public static partial class Template
{
    [GeneratedRegex("""\$\(\s*(?<source>headers|query_params|uri_captures)\s*(?:\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[\s*(?:"(?<name>[^"]*)"|'(?<name>[^']*)'|(?<index>\d+))\s*\])\s*(?:or\s+(?:"(?<fallback>[^"]*)"|'(?<fallback>[^']*)'))?\s*\)""")]
    private static partial Regex Expression();

    /// <summary>Null when every <c>$(…)</c> in the value is a supported expression, else the rule it breaks.</summary>
    public static string? Problem(string value)
    {
        if (!value.Contains("$(", StringComparison.Ordinal)) return null;
        var rest = Expression().Replace(value, "");
        return rest.Contains("$(", StringComparison.Ordinal)
            ? $"unsupported template in '{value}': use $(headers.name), $(query_params.name) or $(uri_captures.name), optionally with or \"fallback\""
            : null;
    }

    /// <summary>The value with its expressions replaced by the request's values (empty when absent and no fallback).</summary>
    public static string Render(string value, IHeaderDictionary headers, IQueryCollection query, RouteMatch match)
    {
        if (!value.Contains("$(", StringComparison.Ordinal)) return value;
        return Expression().Replace(value, m =>
        {
            var name = m.Groups["name"].Success ? m.Groups["name"].Value : null;
            var found = m.Groups["source"].Value switch
            {
                "headers" => name is null ? null : headers[name.Replace('_', '-')].FirstOrDefault() ?? headers[name].FirstOrDefault(),
                "query_params" => name is null ? null : query[name].FirstOrDefault(),
                _ => Capture(match, name, m.Groups["index"]),
            };
            return string.IsNullOrEmpty(found) ? m.Groups["fallback"].Value : found;
        });
    }

    private static string? Capture(RouteMatch match, string? name, Group index)
    {
        if (match.RegexMatch is not { } regex) return null;
        var group = name is not null ? regex.Groups[name] : regex.Groups[int.Parse(index.Value, System.Globalization.CultureInfo.InvariantCulture)];
        return group.Success ? group.Value : null;
    }
}
