using System.Text.Json.Nodes;

namespace Tollgate.Entities;

/// <summary>Field errors collected while validating one entity, shaped like Kong's "fields" object.</summary>
public sealed class FieldErrors
{
    private readonly List<string> _entity = [];

    public JsonObject Fields { get; } = new();

    public bool IsEmpty => Fields.Count == 0 && _entity.Count == 0;

    public void Add(string field, JsonNode error)
    {
        if (!Fields.ContainsKey(field))
        {
            Fields[field] = error;
        }
    }

    public void AddEntity(string message) => _entity.Add(message);

    /// <summary>The errors as Kong's "fields" object, entity checks under "@entity".</summary>
    public JsonObject ToJson()
    {
        var json = (JsonObject)Fields.DeepClone();
        if (_entity.Count > 0)
        {
            json["@entity"] = new JsonArray(_entity.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray());
        }
        return json;
    }

    /// <summary>Each error as "field: message", for Kong's summary message.</summary>
    public IEnumerable<string> Flatten() => Flatten(ToJson(), "");

    private static IEnumerable<string> Flatten(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    foreach (var line in Flatten(value, prefix.Length == 0 ? key : $"{prefix}.{key}")) yield return line;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null) continue;
                    var at = prefix.EndsWith("@entity", StringComparison.Ordinal) ? prefix : $"{prefix}.{i + 1}";
                    foreach (var line in Flatten(array[i], at)) yield return line;
                }
                break;
            case JsonValue value:
                yield return $"{prefix}: {value}";
                break;
        }
    }
}
