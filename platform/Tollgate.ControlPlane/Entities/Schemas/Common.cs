using System.Text.Json.Nodes;

namespace Tollgate.Entities.Schemas;

/// <summary>Fields every entity carries, and small builders shared by the schemas.</summary>
internal static class Common
{
    public static Field Id => Field.String("id") with { Rule = Rules.Uuid };
    public static Field CreatedAt => Field.Integer("created_at");
    public static Field UpdatedAt => Field.Integer("updated_at");

    public static Field[] Entity(params Field[] fields) => [Id, CreatedAt, UpdatedAt, .. fields];

    public static JsonArray Strings(params string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
    public static JsonArray Integers(params long[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public static Field Timeout(string name) =>
        Field.Integer(name) with { Default = 60000, Min = 1, Max = 2147483646 };

    public static Field Port(string name) => Field.Integer(name) with { Min = 0, Max = 65535 };
}
