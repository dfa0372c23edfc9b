using Tollgate.Storage;

namespace Tollgate.Tenants;

/// <summary>One change to a tenant's config: when, by whom, through which door, and to which entity.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Via, string Action, string Collection, string EntityId, string? EntityName, long ConfigVersion);

/// <summary>
/// The audit log (table audit_log). Every committed change of a tenant's config is written here by its grain, with the
/// caller that the Admin API or the console named for the call (<see cref="Set"/>, carried by Orleans' request context).
/// </summary>
public sealed class AuditLog(Database database)
{
    private const string ActorKey = "tollgate.actor";
    private const string ViaKey = "tollgate.via";

    /// <summary>Names the caller of the grain calls that follow on this flow: "admin-api", "console" or "developer-portal".</summary>
    public static void Set(string actor, string via)
    {
        RequestContext.Set(ActorKey, actor);
        RequestContext.Set(ViaKey, via);
    }

    /// <summary>The caller named for the current grain call; unknown when nobody named one (an internal change).</summary>
    public static (string Actor, string Via) Caller() =>
        (RequestContext.Get(ActorKey) as string ?? "system", RequestContext.Get(ViaKey) as string ?? "system");

    /// <summary>Records a change outside the tenant's config (a member invited, an API published).</summary>
    public Task Note(string tenant, string actor, string via, string action, string collection, string entityId, string? entityName) =>
        Record(tenant, [new AuditEntry(DateTimeOffset.UtcNow, actor, via, action, collection, entityId, entityName, 0)]);

    public async Task Record(string tenant, IEnumerable<AuditEntry> entries)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var entry in entries)
        {
            await connection.Command(
                "INSERT INTO audit_log (tenant, at, actor, via, action, collection, entity_id, entity_name, config_version) " +
                "VALUES (@t, @at, @actor, @via, @action, @c, @id, @name, @v)", transaction,
                ("@t", tenant), ("@at", entry.At.ToUnixTimeMilliseconds()), ("@actor", entry.Actor), ("@via", entry.Via), ("@action", entry.Action),
                ("@c", entry.Collection), ("@id", entry.EntityId), ("@name", entry.EntityName), ("@v", entry.ConfigVersion)).ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    /// <summary>A page of a tenant's entries, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> Page(string tenant, int offset, int size)
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.Command(
            "SELECT at, actor, via, action, collection, entity_id, entity_name, config_version FROM audit_log " +
            "WHERE tenant = @t ORDER BY at DESC, config_version DESC LIMIT @size OFFSET @offset", null,
            ("@t", tenant), ("@size", size), ("@offset", offset)).ExecuteReaderAsync();
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync())
        {
            entries.Add(new AuditEntry(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt64(7)));
        }
        return entries;
    }
}
