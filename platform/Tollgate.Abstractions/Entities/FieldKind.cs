namespace Tollgate.Entities;

/// <summary>The JSON type a schema field accepts, with Kong's names in the error messages.</summary>
public enum FieldKind
{
    String,
    Integer,
    Number,
    Boolean,
    /// <summary>An ordered list of <see cref="Field.Elements"/>.</summary>
    Array,
    /// <summary>A list of <see cref="Field.Elements"/> without duplicates.</summary>
    Set,
    /// <summary>A nested object with its own <see cref="Field.Fields"/>.</summary>
    Record,
    /// <summary>An object whose values are <see cref="Field.Elements"/>.</summary>
    Map,
    /// <summary>A reference to another entity, written {"id": …} or {"name": …}.</summary>
    Foreign,
    /// <summary>Any JSON, taken as it is.</summary>
    Any,
}
