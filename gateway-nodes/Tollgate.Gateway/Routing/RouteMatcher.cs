using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Config;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// A tenant's routes, ordered as Kong's router orders them, and indexed so a request finds its route without
/// scanning prefix paths: prefix paths sit in a character trie walked once along the request path; regex paths
/// and routes without paths are kept in priority order and tried only while they could still win.
/// </summary>
public sealed class RouteMatcher
{
    /// <summary>One (route, path) pair; a route with several paths competes once per path, as in Kong.</summary>
    private sealed record Candidate(GatewayRoute Route, string? Prefix, Regex? Pattern, int Rank);

    private sealed class TrieNode
    {
        public Dictionary<char, TrieNode>? Children;
        public List<Candidate>? Ending;
    }

    private readonly TrieNode _root = new();
    private readonly Candidate[] _regexes;
    private readonly Candidate[] _pathless;

    public static readonly RouteMatcher Empty = new([]);

    public RouteMatcher(IEnumerable<GatewayRoute> routes)
    {
        var candidates = routes
            .Where(r => r.Service is null || r.Service.Enabled)
            .SelectMany(Expand)
            .OrderByDescending(c => c.Route.AttributeCount())
            .ThenByDescending(c => c.Route.Hosts.Count > 0 && c.Route.Hosts.All(h => !h.IsWildcard))
            .ThenByDescending(c => c.Pattern is not null)
            .ThenByDescending(c => c.Route.Headers.Count)
            .ThenByDescending(c => c.Route.RegexPriority)
            .ThenByDescending(c => c.Prefix?.Length ?? 0)
            .ThenBy(c => c.Route.CreatedAt)
            .ThenBy(c => c.Route.Id)
            .Select((c, rank) => c with { Rank = rank })
            .ToList();
        foreach (var candidate in candidates.Where(c => c.Prefix is not null))
        {
            Insert(candidate);
        }
        _regexes = candidates.Where(c => c.Pattern is not null).ToArray();
        _pathless = candidates.Where(c => c.Prefix is null && c.Pattern is null).ToArray();
    }

    private static IEnumerable<Candidate> Expand(GatewayRoute route)
    {
        if (route.Paths.Count == 0)
        {
            yield return new Candidate(route, null, null, 0);
            yield break;
        }
        foreach (var path in route.Paths)
        {
            yield return path.StartsWith('~')
                ? new Candidate(route, null, new Regex("^(?:" + path[1..] + ")", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)), 0)
                : new Candidate(route, path, null, 0);
        }
    }

    private void Insert(Candidate candidate)
    {
        var node = _root;
        foreach (var c in candidate.Prefix!)
        {
            node.Children ??= new Dictionary<char, TrieNode>();
            if (!node.Children.TryGetValue(c, out var next))
            {
                node.Children[c] = next = new TrieNode();
            }
            node = next;
        }
        (node.Ending ??= []).Add(candidate);
    }

    /// <summary>
    /// The best route for the request, or null. <paramref name="host"/> is lowercase without port;
    /// <paramref name="sni"/> is the TLS server name, when the request came over TLS.
    /// </summary>
    public RouteMatch? Match(string method, string host, int port, string path, IHeaderDictionary headers, string? sni = null)
    {
        var request = new Request(method, host, port, headers, sni);
        Candidate? best = null;
        var node = _root;
        Consider(node, request, ref best);
        foreach (var c in path)
        {
            if (node.Children is null || !node.Children.TryGetValue(c, out node))
            {
                break;
            }
            Consider(node, request, ref best);
        }
        Match? regexMatch = null;
        foreach (var candidate in _regexes)
        {
            if (best is not null && candidate.Rank > best.Rank) break;
            if (!Fits(candidate.Route, request)) continue;
            var match = candidate.Pattern!.Match(path);
            if (match.Success)
            {
                best = candidate;
                regexMatch = match;
                break;
            }
        }
        foreach (var candidate in _pathless)
        {
            if (best is not null && candidate.Rank > best.Rank) break;
            if (Fits(candidate.Route, request))
            {
                best = candidate;
                regexMatch = null;
                break;
            }
        }
        if (best is null)
        {
            return null;
        }
        var postfix = best.Prefix is not null ? path[best.Prefix.Length..]
            : regexMatch is not null ? path[(regexMatch.Index + regexMatch.Length)..]
            : null;
        return new RouteMatch(best.Route, postfix, regexMatch);
    }

    /// <summary>What a route can be matched on besides the path.</summary>
    private readonly record struct Request(string Method, string Host, int Port, IHeaderDictionary Headers, string? Sni);

    private static void Consider(TrieNode node, in Request request, ref Candidate? best)
    {
        if (node.Ending is null) return;
        foreach (var candidate in node.Ending)
        {
            if ((best is null || candidate.Rank < best.Rank) && Fits(candidate.Route, request))
            {
                best = candidate;
            }
        }
    }

    private static bool Fits(GatewayRoute route, in Request request)
    {
        if (route.Methods is { } methods && !methods.Contains(request.Method))
        {
            return false;
        }
        if (route.Hosts.Count > 0 && !AnyMatches(route.Hosts, request.Host, request.Port))
        {
            return false;
        }
        if (route.Snis.Count > 0 && (request.Sni is null || !AnyMatches(route.Snis, request.Sni, port: 0)))
        {
            return false;
        }
        foreach (var header in route.Headers)
        {
            if (!header.Matches(request.Headers[header.Name])) return false;
        }
        return true;
    }

    private static bool AnyMatches(IReadOnlyList<HostPattern> patterns, string host, int port)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.Matches(host, port)) return true;
        }
        return false;
    }
}

internal static class RouteAttributes
{
    /// <summary>How many of hosts, methods, paths, headers and snis the route sets: more specific routes go first.</summary>
    public static int AttributeCount(this GatewayRoute route) =>
        (route.Hosts.Count > 0 ? 1 : 0) + (route.Methods is not null ? 1 : 0) + (route.Paths.Count > 0 ? 1 : 0)
        + (route.Headers.Count > 0 ? 1 : 0) + (route.Snis.Count > 0 ? 1 : 0);
}
