using static Tollgate.Entities.Schemas.Common;

namespace Tollgate.Entities.Schemas;

/// <summary>Kong's Upstream (a load-balanced virtual host) and its Targets.</summary>
internal static class UpstreamSchema
{
    private static readonly string[] HashOn = ["none", "consumer", "ip", "header", "cookie", "path", "query_arg", "uri_capture"];

    public static EntitySchema Create() => new("upstreams", "upstreams", Entity(
        Field.String("name") with { Required = true, Unique = true, Rule = Rules.Host },
        Field.String("algorithm") with
        {
            Default = "round-robin", OneOf = ["round-robin", "consistent-hashing", "least-connections", "latency"],
        },
        Field.String("hash_on") with { Default = "none", OneOf = HashOn },
        Field.String("hash_fallback") with { Default = "none", OneOf = HashOn },
        Field.String("hash_on_header"),
        Field.String("hash_fallback_header"),
        Field.String("hash_on_cookie"),
        Field.String("hash_on_cookie_path") with { Default = "/", Rule = Rules.ServicePath },
        Field.String("hash_on_query_arg"),
        Field.String("hash_fallback_query_arg"),
        Field.String("hash_on_uri_capture"),
        Field.String("hash_fallback_uri_capture"),
        Field.Integer("slots") with { Default = 10000, Min = 10, Max = 65536 },
        Healthchecks(),
        Field.Tags(),
        Field.String("host_header") with { Rule = Rules.Host },
        Field.Foreign("client_certificate", "certificates"),
        Field.Boolean("use_srv_name") with { Default = false }))
    {
        Singular = "upstream",
        EndpointKey = "name",
        EntityChecks = upstream =>
        {
            var errors = new List<string>();
            if (upstream["hash_on"]!.GetValue<string>() == "header" && upstream["hash_on_header"] is null)
                errors.Add("must set 'hash_on_header' when 'hash_on' is set to 'header'");
            if (upstream["hash_on"]!.GetValue<string>() == "cookie" && upstream["hash_on_cookie"] is null)
                errors.Add("must set 'hash_on_cookie' when 'hash_on' is set to 'cookie'");
            if (upstream["hash_on"]!.GetValue<string>() == "none" && upstream["hash_fallback"]!.GetValue<string>() != "none")
                errors.Add("'hash_fallback' must be 'none' when 'hash_on' is 'none'");
            return errors;
        },
    };

    public static EntitySchema Targets() => new("targets", "targets", Entity(
        Field.String("target") with { Required = true, Rule = Rules.Target },
        Field.Integer("weight") with { Default = 100, Min = 0, Max = 65535 },
        Field.Foreign("upstream", "upstreams", OnDelete.Cascade) with { Required = true },
        Field.Tags()))
    {
        Singular = "target",
        EndpointKey = "target",
        UniqueTogether = [["upstream", "target"]],
        Shorthand = (input, _) =>
        {
            // Kong adds the default port 8000 to a target given without one.
            if (input["target"]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                var target = input["target"]!.GetValue<string>();
                var host = Rules.StripPort(target);
                if (host == target && !target.Contains("::", StringComparison.Ordinal))
                {
                    var copy = (System.Text.Json.Nodes.JsonObject)input.DeepClone();
                    copy["target"] = $"{target}:8000";
                    return copy;
                }
            }
            return input;
        },
    };

    private static Field Healthchecks()
    {
        Field Statuses(params long[] codes) => new Field("http_statuses", FieldKind.Array)
        {
            Elements = Field.Integer("status") with { Min = 100, Max = 999 },
            Default = Integers(codes),
        };
        Field Counter(string name) => Field.Integer(name) with { Default = 0, Min = 0, Max = 255 };
        Field Interval() => Field.Integer("interval") with { Default = 0, Min = 0, Max = 65535 };
        Field Record(string name, params Field[] fields) => Field.Record(name, fields) with { Default = null };

        var active = Record("active",
            Field.String("type") with { Default = "http", OneOf = ["tcp", "http", "https", "grpc", "grpcs"] },
            Field.Integer("timeout") with { Default = 1, Min = 0, Max = 65535 },
            Field.Integer("concurrency") with { Default = 10, Min = 1, Max = 2147483648 },
            Field.String("http_path") with { Default = "/", Rule = Rules.ServicePath },
            Field.Boolean("https_verify_certificate") with { Default = true },
            Field.String("https_sni"),
            new Field("headers", FieldKind.Map) { Elements = new Field("values", FieldKind.Array) { Elements = Field.String("value") } },
            Record("healthy", Interval(), Statuses(200, 302), Counter("successes")),
            Record("unhealthy", Interval(), Statuses(429, 404, 500, 501, 502, 503, 504, 505),
                Counter("tcp_failures"), Counter("timeouts"), Counter("http_failures")));
        var passive = Record("passive",
            Field.String("type") with { Default = "http", OneOf = ["tcp", "http", "https", "grpc", "grpcs"] },
            Record("healthy",
                Statuses(200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308),
                Counter("successes")),
            Record("unhealthy", Statuses(429, 500, 503), Counter("tcp_failures"), Counter("timeouts"), Counter("http_failures")));
        var threshold = new Field("threshold", FieldKind.Number) { Default = 0 };
        return Field.Record("healthchecks", active, passive, threshold);
    }
}
