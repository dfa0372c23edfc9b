using System.Text.Json.Nodes;

namespace Tollgate.Entities;

/// <summary>
/// A Kong entity type: its collection name (as in declarative files), the Admin API endpoint that serves it,
/// the field that addresses it besides its id, its fields, and the checks that span several fields.
/// </summary>
public sealed record EntitySchema(string Name, string Endpoint, IReadOnlyList<Field> Fields)
{
    /// <summary>Singular name used in messages ("service", "route").</summary>
    public required string Singular { get; init; }
    /// <summary>Field that addresses an entity in a path besides its id (Kong's endpoint_key).</summary>
    public string? EndpointKey { get; init; }
    /// <summary>Sets of fields that must be unique together, e.g. a plugin's name and scope.</summary>
    public IReadOnlyList<string[]> UniqueTogether { get; init; } = [];
    /// <summary>Whether gateway nodes receive this collection in snapshots (credentials are resolved on demand).</summary>
    public bool InSnapshot { get; init; } = true;
    /// <summary>Shorthands that rewrite the input before validation, e.g. a service's url.</summary>
    public Func<JsonObject, FieldErrors, JsonObject>? Shorthand { get; init; }
    /// <summary>Checks across fields of a valid entity (Kong's entity_checks), reported under "@entity".</summary>
    public Func<JsonObject, IEnumerable<string>>? EntityChecks { get; init; }
    /// <summary>Output-only or input-only fields a writer may send besides the schema's (e.g. "url").</summary>
    public IReadOnlySet<string> InputOnly { get; init; } = new HashSet<string>();

    public IEnumerable<Field> ForeignFields => Fields.Where(f => f.Kind == FieldKind.Foreign);

    public Field? Find(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
