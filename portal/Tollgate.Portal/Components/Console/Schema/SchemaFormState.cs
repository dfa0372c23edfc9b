using System.Text.Json.Nodes;
using Tollgate.Entities;

namespace Tollgate.Portal.Components.Console.Schema;

/// <summary>What every field of one form shares: whether it edits a stored entity, the Admin API's field errors, the
/// inputs that hold text of the wrong shape, and the entities a reference may point at.</summary>
public sealed class SchemaFormState
{
    /// <summary>Editing a stored entity: a cleared field is sent as null (cleared), not left out (its default).</summary>
    public bool Editing { get; init; }
    /// <summary>The Kong error body's "fields", after a save the Admin API refused.</summary>
    public JsonNode? Errors { get; set; }
    /// <summary>Help text for a field by its path ("paths", "config.minute"), if any.</summary>
    public Func<string, string?> Help { get; init; } = _ => null;
    /// <summary>The entities a foreign field may point at, as (id, label), by collection.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Id, string Label)>> References { get; init; } =
        new Dictionary<string, IReadOnlyList<(string, string)>>();

    /// <summary>Told the path of each field a person changed.</summary>
    public Action<string>? Changed { get; init; }

    private readonly Dictionary<string, string> _problems = [];

    /// <summary>Inputs whose text does not read as a value of their field, by path.</summary>
    public IReadOnlyDictionary<string, string> Problems => _problems;

    public void Problem(string path, string? problem)
    {
        if (problem is null) _problems.Remove(path);
        else _problems[path] = problem;
    }

    /// <summary>A new entity's starting values: the schema's defaults, records filled in with theirs.</summary>
    public static JsonObject Defaults(IEnumerable<Field> fields)
    {
        var values = new JsonObject();
        foreach (var field in fields.Where(FieldText.IsEditable))
        {
            if (field.Default is not null) values[field.Name] = field.Default.DeepClone();
            else if (field.Kind == FieldKind.Record && field.Fields is not null && field.Required) values[field.Name] = Defaults(field.Fields);
        }
        return values;
    }
}
