using System.Text.Json.Nodes;
using static Tollgate.Entities.Schemas.Common;

namespace Tollgate.Entities.Schemas;

/// <summary>Kong's Route: the rules that match a request to a service.</summary>
internal static class RouteSchema
{
    private static readonly string[] Protocols = ["http", "https", "grpc", "grpcs", "tcp", "tls", "udp", "tls_passthrough", "ws", "wss"];

    public static EntitySchema Create() => new("routes", "routes", Entity(
        Field.String("name") with { Unique = true, Rule = Rules.UtfName },
        new Field("protocols", FieldKind.Set)
        {
            Elements = Field.String("protocol") with { OneOf = Protocols },
            Default = Strings("http", "https"),
            Required = true,
            MinLength = 1,
        },
        new Field("methods", FieldKind.Set) { Elements = Field.String("method") with { Rule = Rules.HttpMethod } },
        new Field("hosts", FieldKind.Array) { Elements = Field.String("host") with { Rule = Rules.WildcardHost } },
        new Field("paths", FieldKind.Array) { Elements = Field.String("path") with { Rule = Rules.RoutePath } },
        new Field("headers", FieldKind.Map)
        {
            Elements = new Field("values", FieldKind.Array) { Elements = Field.String("value"), MinLength = 1 },
        },
        Field.Integer("https_redirect_status_code") with
        {
            Default = 426, Min = 301, Max = 426, OneOf = ["426", "301", "302", "307", "308"],
        },
        Field.Integer("regex_priority") with { Default = 0 },
        Field.Boolean("strip_path") with { Default = true },
        Field.String("path_handling") with { Default = "v0", OneOf = ["v0", "v1"] },
        Field.Boolean("preserve_host") with { Default = false },
        Field.Boolean("request_buffering") with { Default = true },
        Field.Boolean("response_buffering") with { Default = true },
        new Field("snis", FieldKind.Set) { Elements = Field.String("sni") with { Rule = Rules.WildcardHost } },
        new Field("sources", FieldKind.Set) { Elements = Endpoint("source") },
        new Field("destinations", FieldKind.Set) { Elements = Endpoint("destination") },
        Field.Tags(),
        Field.Foreign("service", "services")))
    {
        Singular = "route",
        EndpointKey = "name",
        EntityChecks = Check,
    };

    private static Field Endpoint(string name) =>
        Field.Record(name, Field.String("ip"), Port("port"));

    private static IEnumerable<string> Check(JsonObject route)
    {
        if (route["headers"] is JsonObject headers && headers.Any(h => h.Key.Equals("host", StringComparison.OrdinalIgnoreCase)))
        {
            yield return "cannot contain 'host' header, which must be specified in the 'hosts' attribute";
        }
        var protocols = route["protocols"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        bool Has(string field) => route[field] is JsonArray { Count: > 0 } or JsonObject { Count: > 0 };
        if (protocols.Any(p => p is "http" or "https" or "ws" or "wss"))
        {
            if (!(Has("methods") || Has("hosts") || Has("headers") || Has("paths") || (protocols.Contains("https") && Has("snis"))))
            {
                yield return $"must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is '{string.Join("', '", protocols)}'";
            }
        }
        else if (protocols.Any(p => p is "grpc" or "grpcs"))
        {
            if (!(Has("hosts") || Has("headers") || Has("paths") || (protocols.Contains("grpcs") && Has("snis"))))
            {
                yield return $"must set one of 'hosts', 'headers', 'paths' when 'protocols' is '{string.Join("', '", protocols)}'";
            }
        }
        else if (!(Has("snis") || Has("sources") || Has("destinations")))
        {
            yield return $"must set one of 'sources', 'destinations', 'snis' when 'protocols' is '{string.Join("', '", protocols)}'";
        }
    }
}
