namespace Tollgate.Entities;

/// <summary>What deleting a referenced entity does to the entities that point at it.</summary>
public enum OnDelete
{
    /// <summary>The delete is refused with Kong's foreign key violation.</summary>
    Restrict,
    /// <summary>The referring entities are deleted too.</summary>
    Cascade,
}
