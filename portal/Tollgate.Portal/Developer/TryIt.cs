using System.Net.Http.Headers;
using System.Text;

namespace Tollgate.Portal.Developer;

/// <summary>What a "try it" call sent and got back.</summary>
public sealed record TryItResult(int Status, string Reason, IReadOnlyList<string> Headers, string Body, TimeSpan Took);

/// <summary>
/// Sends a developer's "try it" request through the gateway: to the gateway's proxy address with the tenant's host,
/// so routing, plugins and the developer's own key apply exactly as to any client. The answer's body is cut at 64 KiB.
/// </summary>
public sealed class TryIt(PortalSettings settings)
{
    private const int MaxBody = 64 * 1024;
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task<TryItResult> Send(string tenant, string method, string pathAndQuery, IEnumerable<(string Name, string Value)> headers,
        string? body, string? contentType, CancellationToken cancellationToken = default)
    {
        if (!pathAndQuery.StartsWith('/')) pathAndQuery = "/" + pathAndQuery;
        // The path comes from the tenant's OpenAPI document and the developer's inputs: one that is not a URL is an answer, not an error.
        if (!Uri.TryCreate(settings.TryItGateway, pathAndQuery, out var target))
        {
            return new TryItResult(0, "not sent", [], $"“{pathAndQuery}” is not a valid request path.", TimeSpan.Zero);
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        request.Headers.Host = settings.ProxyHost(tenant);
        foreach (var (name, value) in headers.Where(h => h.Name.Length > 0)) request.Headers.TryAddWithoutValidation(name, value);
        if (!string.IsNullOrEmpty(body))
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var buffer = new byte[MaxBody];
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var read = await stream.ReadAtLeastAsync(buffer, MaxBody, throwOnEndOfStream: false, cancellationToken);
            var text = Encoding.UTF8.GetString(buffer, 0, read) + (read == MaxBody ? "\n… (cut at 64 KiB)" : "");
            var shown = response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}").ToList();
            return new TryItResult((int)response.StatusCode, response.ReasonPhrase ?? "", shown, text, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new TryItResult(0, "no answer", [], $"The gateway did not answer: {e.Message}", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }
}
