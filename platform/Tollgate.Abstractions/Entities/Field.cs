using System.Text.Json.Nodes;

namespace Tollgate.Entities;

/// <summary>One field of an entity schema: its type, default and rules, as in Kong's schema DSL.</summary>
public sealed record Field(string Name, FieldKind Kind)
{
    /// <summary>Value used when the field is absent; cloned for every entity.</summary>
    public JsonNode? Default { get; init; }
    public bool Required { get; init; }
    /// <summary>No two entities of the collection in one tenant may share this value.</summary>
    public bool Unique { get; init; }
    /// <summary>Element schema of an array, set or map.</summary>
    public Field? Elements { get; init; }
    /// <summary>Fields of a record.</summary>
    public IReadOnlyList<Field>? Fields { get; init; }
    /// <summary>The collection a foreign field points at.</summary>
    public string? Reference { get; init; }
    public OnDelete OnDelete { get; init; } = OnDelete.Restrict;
    public IReadOnlyList<string>? OneOf { get; init; }
    public long? Min { get; init; }
    public long? Max { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    /// <summary>Extra rule on a valid value of the right type; answers the error message or null.</summary>
    public Func<JsonNode, string?>? Rule { get; init; }
    /// <summary>Kept by the platform (hashes, expiry): never accepted from Admin API input, never shown there.</summary>
    public bool Internal { get; init; }

    public static Field String(string name) => new(name, FieldKind.String);
    public static Field Integer(string name) => new(name, FieldKind.Integer);
    public static Field Boolean(string name) => new(name, FieldKind.Boolean);
    public static Field Any(string name) => new(name, FieldKind.Any);
    public static Field Tags() => new("tags", FieldKind.Set) { Elements = String("tag") with { Rule = Rules.UtfName } };
    public static Field Record(string name, params Field[] fields) => new(name, FieldKind.Record) { Fields = fields };

    public static Field Foreign(string name, string reference, OnDelete onDelete = OnDelete.Restrict) =>
        new(name, FieldKind.Foreign) { Reference = reference, OnDelete = onDelete };
}
