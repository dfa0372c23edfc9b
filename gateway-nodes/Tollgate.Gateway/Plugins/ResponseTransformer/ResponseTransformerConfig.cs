using System.Text.Json.Nodes;
using Tollgate.Entities;
using static Tollgate.Gateway.Plugins.Edits;

namespace Tollgate.Gateway.Plugins.ResponseTransformer;

/// <summary>Kong's response-transformer config: edits of the response headers and of a JSON body's top-level keys, with json_types.</summary>
public sealed record ResponseTransformerConfig(Edits Headers, Edits Json, Edits.JsonTypes Types)
{
    public static readonly PluginSchema Schema = new(
        Field.Record("remove", Names("json"), Names("headers", headers: true)),
        Field.Record("rename", Pairs("headers", headers: true), Pairs("json")),
        Field.Record("replace", Pairs("json"), JsonTypesField(), Pairs("headers", headers: true)),
        Field.Record("add", Pairs("json"), JsonTypesField(), Pairs("headers", headers: true)),
        Field.Record("append", Pairs("json"), JsonTypesField(), Pairs("headers", headers: true)));

    private static Field JsonTypesField() => Names("json_types") with
    {
        Elements = Field.String("json_types") with { OneOf = ["boolean", "number", "string"] },
    };

    public static ResponseTransformerConfig From(JsonObject config) => new(
        Edits.From(config, "headers"),
        Edits.From(config, "json"),
        new Edits.JsonTypes(TypesOf(config, "replace"), TypesOf(config, "add"), TypesOf(config, "append")));

    private static string[] TypesOf(JsonObject config, string operation) =>
        config[operation]?["json_types"] is JsonArray types ? [.. types.Select(t => t!.GetValue<string>())] : [];
}
