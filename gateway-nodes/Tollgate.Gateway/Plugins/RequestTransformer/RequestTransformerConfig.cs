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
        Field.Record("replace", Valued("body"), Valued("headers", headers: true), Valued("querystring"),
            Field.String("uri") with { Rule = uri => Rules.ServicePath(uri) ?? Template.Problem(uri.GetValue<string>()) }),
        Field.Record("add", Valued("body"), Valued("headers", headers: true), Valued("querystring")),
        Field.Record("append", Valued("body"), Valued("headers", headers: true), Valued("querystring")));

    /// <summary>Pairs whose values may hold templates.</summary>
    private static Field Valued(string name, bool headers = false) => Pairs(name, headers, Template.Problem);

    /// <summary>Whether any value holds a template, so the request's original values must be kept to fill it.</summary>
    public bool UsesTemplates { get; } = new[] { Headers, Query, Body }
        .SelectMany(e => e.Replace.Concat(e.Add).Concat(e.Append))
        .Any(p => p.Value.Contains("$(", StringComparison.Ordinal)) || ReplaceUri?.Contains("$(", StringComparison.Ordinal) == true;

    public static RequestTransformerConfig From(JsonObject config) => new(
        config.String("http_method"),
        config["replace"]?["uri"]?.GetValue<string>(),
        Edits.From(config, "headers"),
        Edits.From(config, "querystring"),
        Edits.From(config, "body"));
}
