using static Tollgate.Entities.Schemas.Common;

namespace Tollgate.Entities.Schemas;

/// <summary>Kong's Consumer Group: a named set of consumers that plugins can be scoped to.</summary>
internal static class ConsumerGroupSchema
{
    public static EntitySchema Create() => new("consumer_groups", "consumer_groups", Entity(
        Field.String("name") with { Required = true, Unique = true, Rule = Rules.UtfName },
        Field.Tags()))
    {
        Singular = "consumer_group",
        EndpointKey = "name",
    };

    /// <summary>Membership of a consumer in a group (Kong's consumer_group_consumers).</summary>
    public static EntitySchema Membership() => new("consumer_group_consumers", "consumer_group_consumers", Entity(
        Field.Foreign("consumer_group", "consumer_groups", OnDelete.Cascade) with { Required = true },
        Field.Foreign("consumer", "consumers", OnDelete.Cascade) with { Required = true }))
    {
        Singular = "consumer_group_consumer",
        UniqueTogether = [["consumer_group", "consumer"]],
    };
}
