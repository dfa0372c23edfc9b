using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.Edits;

namespace Tollgate.Gateway.Plugins.RequestTransformer;

/// <summary>Kong's request-transformer config: a new method, a replaced upstream path, and edits of headers, query string and body.</summary>
public sealed record RequestTransformerConfig(string? HttpMethod, string? ReplaceUri, Edits Headers, Edits Query, Edits Body)
{
    public static readonly PluginSchema Schema = new(
        Field.String("http_method") with { Rule = Rules.HttpMethod },
        Field.Record("remove", Names("body"), Names("headers", headers: true), Names("querystring")),
        Field.Record("rename", Pairs("body"), Pairs("headers", headers: true), Pairs("querystring")),
        Field.Record("replace", Pairs("body"), Pairs("headers", headers: true), Pairs("querystring"), Field.String("uri") with { Rule = Rules.ServicePath }),
        Field.Record("add", Pairs("body"), Pairs("headers", headers: true), Pairs("querystring")),
        Field.Record("append", Pairs("body"), Pairs("headers", headers: true), Pairs("querystring")));

    public static RequestTransformerConfig From(JsonObject config) => new(
        config.String("http_method"),
        config["replace"]?["uri"]?.GetValue<string>(),
        Edits.From(config, "headers"),
        Edits.From(config, "querystring"),
        Edits.From(config, "body"));
}
