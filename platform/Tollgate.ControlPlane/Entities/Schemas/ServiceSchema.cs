using System.Text.Json.Nodes;
using static Tollgate.Entities.Schemas.Common;

namespace Tollgate.Entities.Schemas;

/// <summary>Kong's Service: the upstream API a route sends traffic to.</summary>
internal static class ServiceSchema
{
    public static readonly string[] Protocols = ["http", "https", "grpc", "grpcs", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss"];

    public static EntitySchema Create() => new("services", "services", Entity(
        Field.String("name") with { Unique = true, Rule = Rules.UtfName },
        Field.Integer("retries") with { Default = 5, Min = 0, Max = 32767 },
        Field.String("protocol") with { Default = "http", Required = true, OneOf = Protocols },
        Field.String("host") with { Required = true, Rule = Rules.Host },
        Port("port") with { Default = 80 },
        Field.String("path") with { Rule = Rules.ServicePath },
        Timeout("connect_timeout"),
        Timeout("write_timeout"),
        Timeout("read_timeout"),
        Field.Tags(),
        Field.Foreign("client_certificate", "certificates"),
        Field.Boolean("tls_verify"),
        Field.Integer("tls_verify_depth") with { Min = 0, Max = 64 },
        new Field("ca_certificates", FieldKind.Array) { Elements = Field.String("ca_certificate") with { Rule = Rules.Uuid } },
        Field.Boolean("enabled") with { Default = true }))
    {
        Singular = "service",
        EndpointKey = "name",
        Shorthand = ExpandUrl,
        InputOnly = new HashSet<string> { "url" },
    };

    /// <summary>Kong's "url" shorthand: sets protocol, host, port and path from one URL.</summary>
    private static JsonObject ExpandUrl(JsonObject input, FieldErrors errors)
    {
        if (input["url"] is not { } urlNode)
        {
            return input;
        }
        var output = (JsonObject)input.DeepClone();
        output.Remove("url");
        if (urlNode.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            errors.Add("url", "expected a string");
            return output;
        }
        var url = urlNode.GetValue<string>();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add("url", "missing host in url");
            return output;
        }
        output["protocol"] = uri.Scheme;
        output["host"] = uri.IdnHost.Trim('[', ']');
        output["port"] = uri.IsDefaultPort ? DefaultPort(uri.Scheme) : uri.Port;
        var path = uri.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped);
        output["path"] = string.IsNullOrEmpty(path) || (path == "/" && !url.TrimEnd().EndsWith('/')) ? null : path;
        return output;
    }

    private static int DefaultPort(string scheme) => scheme is "https" or "grpcs" or "wss" or "tls" ? 443 : 80;
}
