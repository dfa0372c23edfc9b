using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Tollgate.Gateway.Plugins.ProxyCache;

/// <summary>
/// Kong's proxy-cache with the memory strategy: a cacheable request is answered from the node's cache when a fresh
/// entry exists (Hit), else it goes upstream (Miss, or Refresh when the entry was stale) and a cacheable response is
/// stored as it streams to the client. Everything else is a Bypass. X-Cache-Status and X-Cache-Key say which.
/// </summary>
public sealed class ProxyCachePlugin : GatewayPlugin<ProxyCacheConfig>
{
    /// <summary>Headers that describe one connection or one answer, never stored with a response.</summary>
    private static readonly HashSet<string> NotStored = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Age", "X-Cache-Status", "X-Cache-Key",
    };

    public override string Name => "proxy-cache";
    public override int Priority => 100;
    public override PluginSchema Schema => ProxyCacheConfig.Schema;

    public override ProxyCacheConfig Parse(Guid instance, JsonObject config) => ProxyCacheConfig.From(instance, config);

    /// <summary>What the access phase decided, for the header filter: the key and Miss/Refresh, or Bypass.</summary>
    private sealed record Decision(string Status, string? Key);

    public override async ValueTask<bool> Access(PluginContext context, ProxyCacheConfig config)
    {
        var request = context.Http.Request;
        var control = config.CacheControl ? new CacheControl(request.Headers.CacheControl) : null;
        if (!config.RequestMethods.Contains(request.Method)
            || control is not null && (control.Has("no-store") || control.Has("no-cache") || request.Headers.ContainsKey(HeaderNames.Authorization)))
        {
            Decide(context, new Decision("Bypass", null));
            return true;
        }
        var key = CacheKey.Of(context, config);
        var store = context.Services.GetRequiredService<CacheStore>();
        var cached = store.Get(context.Slot.Slug, config.Instance, key);
        if (cached is null)
        {
            if (control?.Has("only-if-cached") == true)
            {
                await context.Respond(StatusCodes.Status504GatewayTimeout, null, ReadOnlyMemory<byte>.Empty);
                return false;
            }
            Decide(context, new Decision("Miss", key));
            return true;
        }
        if (Stale(cached, config, control))
        {
            Decide(context, new Decision("Refresh", key));
            return true;
        }
        await Serve(context, config, cached, key);
        return false;
    }

    /// <summary>Kong's freshness: the request's max-age, max-stale and min-fresh under cache_control, else the configured ttl.</summary>
    private static bool Stale(CachedResponse cached, ProxyCacheConfig config, CacheControl? control)
    {
        var age = cached.Age(DateTimeOffset.UtcNow);
        if (control is null) return age > config.CacheTtl;
        return control.Value("max-age") is { } maxAge && age > maxAge
            || control.Value("max-stale") is { } maxStale && age - cached.Ttl > maxStale
            || control.Value("min-fresh") is { } minFresh && cached.Ttl - age < minFresh;
    }

    private static async Task Serve(PluginContext context, ProxyCacheConfig config, CachedResponse cached, string key)
    {
        var headers = context.Http.Response.Headers;
        foreach (var (name, value) in cached.Headers) headers[name] = value;
        if (config.AgeHeader) headers.Age = ((long)cached.Age(DateTimeOffset.UtcNow)).ToString();
        if (config.StatusHeader) headers["X-Cache-Status"] = "Hit";
        if (config.KeyHeader) headers["X-Cache-Key"] = key;
        await context.Respond(cached.Status, null, cached.Body);
    }

    public override void HeaderFilter(PluginContext context, ProxyCacheConfig config)
    {
        if (context.Items?.GetValueOrDefault(Name) is not Decision { Key: { } key } decision)
        {
            if (context.Items?.GetValueOrDefault(Name) is Decision && config.StatusHeader) context.Http.Response.Headers["X-Cache-Status"] = "Bypass";
            return;
        }
        var response = context.Http.Response;
        var ttl = Cacheable(response, config);
        var store = context.Services.GetRequiredService<CacheStore>();
        if (ttl is null || response.ContentLength > store.MaxEntryBytes)
        {
            if (config.StatusHeader) response.Headers["X-Cache-Status"] = "Bypass";
            return;
        }
        var stored = response.Headers.Where(h => !NotStored.Contains(h.Key)).ToList();
        if (config.StatusHeader) response.Headers["X-Cache-Status"] = decision.Status;
        if (config.KeyHeader) response.Headers["X-Cache-Key"] = key;
        var (tenant, status, storageTtl) = (context.Slot.Slug, response.StatusCode, config.StorageTtl ?? ttl.Value);
        context.Filter(inner => new CacheWriter(inner, store.MaxEntryBytes, body =>
            store.Put(tenant, config.Instance, key, new CachedResponse(status, stored, body, DateTimeOffset.UtcNow, ttl.Value, storageTtl))));
    }

    /// <summary>The seconds a response may be cached, or null when it may not: Kong's status, content type and Cache-Control rules.</summary>
    private static int? Cacheable(HttpResponse response, ProxyCacheConfig config)
    {
        if (!config.ResponseCodes.Contains(response.StatusCode) || !ContentTypeMatches(response.ContentType, config.ContentTypes)) return null;
        if (!config.CacheControl) return config.CacheTtl;
        var control = new CacheControl(response.Headers.CacheControl);
        if (control.Has("private") || control.Has("no-store") || control.Has("no-cache")) return null;
        var ttl = control.Value("s-maxage") ?? control.Value("max-age")
            ?? (DateTimeOffset.TryParse(response.Headers.Expires.ToString(), out var expires) ? (long)(expires - DateTimeOffset.UtcNow).TotalSeconds : 0);
        return ttl > 0 ? (int)Math.Min(ttl, int.MaxValue) : null;
    }

    private static bool ContentTypeMatches(string? contentType, IReadOnlyList<string> accepted)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var actual)) return false;
        foreach (var candidate in accepted)
        {
            if (candidate == "*/*") return true;
            if (!MediaTypeHeaderValue.TryParse(candidate, out var wanted)) continue;
            var typeMatches = wanted.Type.Equals(actual.Type, StringComparison.OrdinalIgnoreCase);
            var subMatches = wanted.SubType == "*" || wanted.SubType.Equals(actual.SubType, StringComparison.OrdinalIgnoreCase);
            if (typeMatches && subMatches && (wanted.Charset.Length == 0 || StringSegment.Equals(wanted.Charset, actual.Charset, StringComparison.OrdinalIgnoreCase))) return true;
        }
        return false;
    }

    private static void Decide(PluginContext context, Decision decision) => (context.Items ??= [])["proxy-cache"] = decision;

    /// <summary>Passes the body to the client and keeps a copy; stores it once complete, unless it grew past the limit.</summary>
    private sealed class CacheWriter(Stream inner, long limit, Action<byte[]> store) : BodyFilter(inner)
    {
        private MemoryStream? _copy = new();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_copy is not null)
            {
                if (_copy.Length + buffer.Length > limit) _copy = null;
                else _copy.Write(buffer.Span);
            }
            await Inner.WriteAsync(buffer, cancellationToken);
        }

        public override ValueTask Complete(CancellationToken cancellation)
        {
            if (_copy is not null) store(_copy.ToArray());
            return ValueTask.CompletedTask;
        }
    }
}
