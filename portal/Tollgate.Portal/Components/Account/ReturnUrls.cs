namespace Tollgate.Portal.Components.Account;

/// <summary>Where to go after signing in: a path on this site only, never another host (an open redirect).</summary>
public static class ReturnUrls
{
    public static string Local(string? url, string fallback) =>
        url is not null && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : fallback;
}
