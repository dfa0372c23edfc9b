using System.Text.Json.Nodes;
using static Tollgate.Entities.Schemas.Common;

namespace Tollgate.Entities.Schemas;

/// <summary>
/// Kong's Plugin: a named behaviour with its config, global or scoped to a service, route, consumer or
/// consumer group. One instance per name and scope.
/// </summary>
internal static class PluginSchema
{
    public static EntitySchema Create() => new("plugins", "plugins", Entity(
        Field.String("name") with { Required = true, MinLength = 1 },
        Field.String("instance_name") with { Unique = true, Rule = Rules.UtfName },
        Field.Foreign("route", "routes", OnDelete.Cascade),
        Field.Foreign("service", "services", OnDelete.Cascade),
        Field.Foreign("consumer", "consumers", OnDelete.Cascade),
        Field.Foreign("consumer_group", "consumer_groups", OnDelete.Cascade),
        new Field("config", FieldKind.Any) { Default = new JsonObject(), Rule = c => c is JsonObject ? null : "expected a record" },
        Field.Boolean("enabled") with { Default = true },
        new Field("protocols", FieldKind.Set)
        {
            Elements = Field.String("protocol") with { OneOf = ServiceSchema.Protocols },
            Default = Strings("grpc", "grpcs", "http", "https"),
            Required = true,
        },
        Field.Tags(),
        new Field("ordering", FieldKind.Any)))
    {
        Singular = "plugin",
        EndpointKey = "instance_name",
        UniqueTogether = [["name", "route", "service", "consumer", "consumer_group"]],
    };
}
