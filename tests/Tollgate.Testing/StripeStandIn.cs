using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Testing;

/// <summary>
/// A stand-in for the part of Stripe's HTTP API that Tollgate calls, on loopback (Stripe is not reachable from the
/// tests). Like Stripe it requires the secret key as a bearer token, form-encoded bodies, an Idempotency-Key on every
/// POST (a repeated key answers the first successful response; the same key with other parameters is an error), the required
/// fields of each call, and meter event timestamps within the past 35 days. It keeps everything it received, can
/// fail calls on purpose, signs webhook events the way Stripe does, and serves a hosted checkout page to pay on.
/// </summary>
public sealed class StripeStandIn : IAsyncDisposable
{
    public const string SecretKey = "sk_test_tollgate_standin";
    public const string WebhookSecret = "whsec_tollgate_standin";

    private readonly LoopbackServer _server;
    private readonly ConcurrentDictionary<string, (string Request, int Status, string Body)> _idempotent = new();
    private readonly ConcurrentDictionary<string, JsonObject> _subscriptions = new();
    private readonly ConcurrentDictionary<string, JsonObject> _sessions = new();
    private readonly ConcurrentQueue<int> _failures = new();
    private int _ids;

    private StripeStandIn(int port) => _server = new LoopbackServer(port, app => app.Run(Handle));

    public string Url => $"http://127.0.0.1:{_server.Port}";

    /// <summary>Every request as it arrived: method, path, form fields (and query), headers.</summary>
    public ConcurrentQueue<StripeCall> Calls { get; } = new();
    public ConcurrentDictionary<string, JsonObject> Customers { get; } = new();
    public IReadOnlyDictionary<string, JsonObject> Subscriptions => _subscriptions;
    public IReadOnlyDictionary<string, JsonObject> CheckoutSessions => _sessions;
    /// <summary>Where a completed checkout's signed <c>checkout.session.completed</c> event is delivered, as Stripe's webhook does.</summary>
    public string? WebhookUrl { get; set; }
    /// <summary>Meter events accepted, one per identifier, as Stripe counts them.</summary>
    public ConcurrentDictionary<string, StripeMeterEvent> MeterEvents { get; } = new();

    public static async Task<StripeStandIn> Start()
    {
        var stripe = new StripeStandIn(TollgateNode.FreePort());
        await stripe._server.Start();
        return stripe;
    }

    /// <summary>The next requests are answered with these statuses (429, 5xx) before any succeeds.</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses) _failures.Enqueue(status);
    }

    private async Task Handle(HttpContext context)
    {
        var request = context.Request;
        var form = new Dictionary<string, string>();
        if (request.HasFormContentType) foreach (var (key, value) in await request.ReadFormAsync()) form[key] = value.ToString();
        foreach (var (key, value) in request.Query) form[key] = value.ToString();
        var call = new StripeCall(request.Method, request.Path.Value ?? "", form,
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
        Calls.Enqueue(call);
        if (call.Path.StartsWith("/pay/"))
        {
            await HostedCheckout(context, call.Path["/pay/".Length..]);
            return;
        }
        var (status, body) = Answer(call, request.ContentType);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private (int Status, string Body) Answer(StripeCall call, string? contentType)
    {
        if (call.Header("authorization") != $"Bearer {SecretKey}") return Error(401, "Invalid API Key provided", null);
        if (string.IsNullOrEmpty(call.Header("stripe-version"))) return Error(400, "Stripe-Version header missing", null);
        if (call.Method != "POST") return _failures.TryDequeue(out var failed) ? Error(failed, "Injected failure", null, "api_error") : Route(call);
        if (contentType?.StartsWith("application/x-www-form-urlencoded") != true) return Error(400, "Expected a form-encoded body", null);
        if (call.Header("idempotency-key") is not { Length: > 0 } key) return Error(400, "Tollgate always sends an Idempotency-Key", null);
        var fingerprint = call.Path + "?" + string.Join("&", call.Form.OrderBy(f => f.Key).Select(f => f.Key + "=" + f.Value));
        if (_idempotent.TryGetValue(key, out var earlier))
        {
            return earlier.Request == fingerprint
                ? (earlier.Status, earlier.Body)
                : Error(400, "Keys for idempotent requests can only be used with the same parameters they were first used with.", null, "idempotency_error");
        }
        if (_failures.TryDequeue(out var failure)) return Error(failure, "Injected failure", null, failure == 429 ? "rate_limit_error" : "api_error");
        var answer = Route(call);
        // As at Stripe, only a request that ran is saved for its key; refused ones (429, validation) may be retried.
        if (answer.Status < 300) _idempotent[key] = (fingerprint, answer.Status, answer.Body);
        return answer;
    }

    private (int Status, string Body) Route(StripeCall call)
    {
        var segments = call.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (call.Method, segments) switch
        {
            ("POST", ["v1", "customers"]) => CreateCustomer(call),
            ("POST", ["v1", "subscriptions"]) => CreateSubscription(call),
            ("POST", ["v1", "subscriptions", var id]) => UpdateSubscription(call, id),
            ("DELETE", ["v1", "subscriptions", var id]) => CancelSubscription(id),
            ("GET", ["v1", "subscriptions", var id]) => _subscriptions.TryGetValue(id, out var subscription)
                ? (200, subscription.ToJsonString()) : Error(404, $"No such subscription: '{id}'", "id"),
            ("POST", ["v1", "checkout", "sessions"]) => CreateCheckoutSession(call),
            ("GET", ["v1", "checkout", "sessions", var id]) => _sessions.TryGetValue(id, out var session)
                ? (200, Public(session).ToJsonString()) : Error(404, $"No such checkout.session: '{id}'", "id"),
            ("POST", ["v1", "billing", "meter_events"]) => CreateMeterEvent(call),
            _ => Error(404, $"Unrecognized request URL ({call.Method}: {call.Path})", null),
        };
    }

    private (int Status, string Body) CreateCustomer(StripeCall call)
    {
        var customer = new JsonObject { ["id"] = $"cus_{Interlocked.Increment(ref _ids)}", ["object"] = "customer", ["name"] = call.Form.GetValueOrDefault("name"), ["metadata"] = Metadata(call) };
        Customers[customer["id"]!.GetValue<string>()] = customer;
        return (200, customer.ToJsonString());
    }

    private (int Status, string Body) CreateSubscription(StripeCall call)
    {
        if (call.Form.GetValueOrDefault("customer") is not { } customer || !Customers.ContainsKey(customer)) return Error(400, "No such customer", "customer");
        var prices = Indexed(call, "items", "price");
        if (prices.Count == 0) return Error(400, "Missing required param: items.", "items");
        var subscription = new JsonObject
        {
            ["id"] = $"sub_{Interlocked.Increment(ref _ids)}", ["object"] = "subscription", ["customer"] = customer, ["status"] = "active",
            ["metadata"] = Metadata(call), ["items"] = Items(prices),
        };
        _subscriptions[subscription["id"]!.GetValue<string>()] = subscription;
        return (200, subscription.ToJsonString());
    }

    private (int Status, string Body) UpdateSubscription(StripeCall call, string id)
    {
        if (!_subscriptions.TryGetValue(id, out var subscription)) return Error(404, $"No such subscription: '{id}'", "id");
        var deleted = call.Form.Where(f => f.Key.EndsWith("][deleted]") && f.Value == "true")
            .Select(f => call.Form.GetValueOrDefault(f.Key.Replace("[deleted]", "[id]"))).OfType<string>().ToHashSet();
        var kept = subscription["items"]!["data"]!.AsArray().Where(i => !deleted.Contains(i!["id"]!.GetValue<string>())).Select(i => i!["price"]!["id"]!.GetValue<string>());
        var updated = subscription.DeepClone().AsObject();
        updated["items"] = Items([.. kept, .. Indexed(call, "items", "price")]);
        _subscriptions[id] = updated;
        return (200, updated.ToJsonString());
    }

    private (int Status, string Body) CancelSubscription(string id)
    {
        if (!_subscriptions.TryGetValue(id, out var subscription)) return Error(404, $"No such subscription: '{id}'", "id");
        var canceled = subscription.DeepClone().AsObject();
        canceled["status"] = "canceled";
        _subscriptions[id] = canceled;
        return (200, canceled.ToJsonString());
    }

    private (int Status, string Body) CreateCheckoutSession(StripeCall call)
    {
        if (call.Form.GetValueOrDefault("mode") is not ("payment" or "setup" or "subscription")) return Error(400, "Missing required param: mode.", "mode");
        if (call.Form.GetValueOrDefault("customer") is { } customer && !Customers.ContainsKey(customer)) return Error(400, $"No such customer: '{customer}'", "customer");
        if (!Uri.TryCreate(call.Form.GetValueOrDefault("success_url"), UriKind.Absolute, out _)) return Error(400, "Not a valid URL", "success_url");
        var prices = Indexed(call, "line_items", "price");
        if (prices.Count == 0) return Error(400, "Missing required param: line_items.", "line_items");
        var quantities = call.Form.Where(f => f.Key.StartsWith("line_items[") && f.Key.EndsWith("][quantity]"));
        if (quantities.Any(q => !int.TryParse(q.Value, out var n) || n < 1)) return Error(400, "Invalid positive integer", "line_items[][quantity]");
        var id = $"cs_test_{Interlocked.Increment(ref _ids)}";
        var session = new JsonObject
        {
            ["id"] = id, ["object"] = "checkout.session", ["mode"] = call.Form["mode"], ["customer"] = call.Form.GetValueOrDefault("customer"),
            ["client_reference_id"] = call.Form.GetValueOrDefault("client_reference_id"), ["status"] = "open", ["payment_status"] = "unpaid",
            ["subscription"] = null, ["url"] = $"{Url}/pay/{id}", ["success_url"] = call.Form["success_url"], ["cancel_url"] = call.Form.GetValueOrDefault("cancel_url"),
            ["expires_at"] = DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds(), ["metadata"] = Metadata(call),
            // Kept to make the subscription at payment; not part of Stripe's session object.
            ["_prices"] = new JsonArray([.. prices.Select(p => (JsonNode)p)]),
            ["_subscription_metadata"] = new JsonObject(call.Form.Where(f => f.Key.StartsWith("subscription_data[metadata]["))
                .Select(f => KeyValuePair.Create(f.Key["subscription_data[metadata][".Length..^1], (JsonNode?)f.Value))),
        };
        _sessions[id] = session;
        return (200, Public(session).ToJsonString());
    }

    private static JsonObject Public(JsonObject session) =>
        new(session.Where(p => !p.Key.StartsWith('_')).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    /// <summary>
    /// The customer pays an open session, as on Stripe's hosted page: the subscription is created on its prices, the
    /// session completes, and its signed completion event goes to <see cref="WebhookUrl"/> when one is set.
    /// </summary>
    public async Task<JsonObject> Pay(string sessionId)
    {
        var session = _sessions[sessionId];
        lock (session)
        {
            if (session["status"]!.GetValue<string>() == "open")
            {
                var subscription = new JsonObject
                {
                    ["id"] = $"sub_{Interlocked.Increment(ref _ids)}", ["object"] = "subscription", ["customer"] = session["customer"]?.DeepClone(), ["status"] = "active",
                    ["metadata"] = session["_subscription_metadata"]!.DeepClone(), ["items"] = Items(session["_prices"]!.AsArray().Select(p => p!.GetValue<string>())),
                };
                _subscriptions[subscription["id"]!.GetValue<string>()] = subscription;
                (session["status"], session["payment_status"], session["subscription"]) = ("complete", "paid", subscription["id"]!.GetValue<string>());
            }
        }
        if (WebhookUrl is { } webhook)
        {
            var (body, signature) = Event("checkout.session.completed", Public(session));
            using var http = new HttpClient();
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            content.Headers.Add("Stripe-Signature", signature);
            using var delivered = await http.PostAsync(webhook, content);
        }
        return Public(session);
    }

    /// <summary>Stripe's hosted checkout page, reduced to what a test clicks: the amount lines, "Subscribe" and "Back".</summary>
    private async Task HostedCheckout(HttpContext context, string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (HttpMethods.IsPost(context.Request.Method))
        {
            await Pay(sessionId);
            context.Response.Redirect(session["success_url"]!.GetValue<string>().Replace("{CHECKOUT_SESSION_ID}", sessionId));
            return;
        }
        var prices = string.Join("", session["_prices"]!.AsArray().Select(p => $"<li>{System.Net.WebUtility.HtmlEncode(p!.GetValue<string>())}</li>"));
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!doctype html><title>Checkout (Stripe stand-in)</title>
            <h1>Subscribe</h1><ul id="prices">{prices}</ul>
            <form method="post"><button id="pay" type="submit">Subscribe</button></form>
            <a id="back" href="{System.Net.WebUtility.HtmlEncode(session["cancel_url"]?.GetValue<string>() ?? "/")}">Back</a>
            """);
    }

    private (int Status, string Body) CreateMeterEvent(StripeCall call)
    {
        foreach (var field in new[] { "event_name", "payload[stripe_customer_id]", "payload[value]" })
        {
            if (!call.Form.ContainsKey(field)) return Error(400, $"Missing required param: {field}.", field);
        }
        if (!long.TryParse(call.Form["payload[value]"], out var value)) return Error(400, "payload[value] must be a number", "payload[value]");
        if (!Customers.ContainsKey(call.Form["payload[stripe_customer_id]"])) return Error(400, "No such customer", "payload[stripe_customer_id]");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var timestamp = call.Form.TryGetValue("timestamp", out var t) ? long.Parse(t) : now;
        if (timestamp < now - 35 * 86400 || timestamp > now + 300) return Error(400, "Timestamp must be within the past 35 calendar days or up to 5 minutes in the future", "timestamp");
        var identifier = call.Form.GetValueOrDefault("identifier") ?? Guid.NewGuid().ToString();
        MeterEvents.TryAdd(identifier, new StripeMeterEvent(call.Form["event_name"], identifier, call.Form["payload[stripe_customer_id]"], value, timestamp));
        return (200, new JsonObject
        {
            ["object"] = "billing.meter_event", ["event_name"] = call.Form["event_name"], ["identifier"] = identifier, ["timestamp"] = timestamp,
            ["created"] = now, ["livemode"] = false,
            ["payload"] = new JsonObject { ["stripe_customer_id"] = call.Form["payload[stripe_customer_id]"], ["value"] = call.Form["payload[value]"] },
        }.ToJsonString());
    }

    /// <summary>A Stripe event of the type about the object, signed for the webhook secret at the given time, as Stripe delivers it.</summary>
    public static (string Body, string Signature) Event(string type, JsonObject dataObject, long? signedAt = null, string? secret = null, string? id = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = new JsonObject
        {
            ["id"] = id ?? $"evt_{Guid.NewGuid():N}", ["object"] = "event", ["api_version"] = Stripe.StripeConfiguration.ApiVersion, ["created"] = now,
            ["type"] = type, ["livemode"] = false, ["pending_webhooks"] = 1, ["data"] = new JsonObject { ["object"] = dataObject.DeepClone() },
        }.ToJsonString();
        var time = signedAt ?? now;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret ?? WebhookSecret));
        var signature = Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{time}.{body}")));
        return (body, $"t={time},v1={signature}");
    }

    private static JsonObject Metadata(StripeCall call) =>
        new(call.Form.Where(f => f.Key.StartsWith("metadata[")).Select(f => KeyValuePair.Create(f.Key[9..^1], (JsonNode?)f.Value)));

    /// <summary>The values of items[i][field] in index order, for the entries that have the field.</summary>
    private static List<string> Indexed(StripeCall call, string list, string field)
    {
        var values = new List<string>();
        for (var i = 0; call.Form.Keys.Any(k => k.StartsWith($"{list}[{i}]")); i++)
        {
            if (call.Form.GetValueOrDefault($"{list}[{i}][{field}]") is { } value) values.Add(value);
        }
        return values;
    }

    private JsonObject Items(IEnumerable<string> prices) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. prices.Select(price => (JsonNode)new JsonObject
        {
            ["id"] = $"si_{Interlocked.Increment(ref _ids)}", ["object"] = "subscription_item", ["price"] = new JsonObject { ["id"] = price, ["object"] = "price" },
        })]),
    };

    private static (int Status, string Body) Error(int status, string message, string? param, string type = "invalid_request_error") =>
        (status, new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["message"] = message, ["param"] = param } }.ToJsonString());

    public ValueTask DisposeAsync() => new(_server.Stop());
}

/// <summary>One request the stand-in received.</summary>
public sealed record StripeCall(string Method, string Path, IReadOnlyDictionary<string, string> Form, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>A meter event as Stripe counts it.</summary>
public sealed record StripeMeterEvent(string EventName, string Identifier, string Customer, long Value, long Timestamp);
