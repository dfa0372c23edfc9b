using System.Data.Common;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Tollgate.Storage;

/// <summary>
/// Orleans cluster membership in PostgreSQL, so silos on several machines find each other through one database.
/// Each entry is stored whole (Orleans-serialized) with its ETag; the table version row guards every change.
/// </summary>
public sealed class PostgresMembershipTable(Database database, IOptions<ClusterOptions> cluster, Serializer serializer) : IMembershipTable
{
    private string ClusterId => cluster.Value.ClusterId;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        if (!tryInitTableVersion) return;
        await using var connection = await database.OpenAsync();
        await connection.Command("INSERT INTO membership_version (cluster_id, version) VALUES (@c, 0) ON CONFLICT DO NOTHING", null,
            ("@c", ClusterId)).ExecuteNonQueryAsync();
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        await using var connection = await database.OpenAsync();
        await connection.Command("DELETE FROM membership WHERE cluster_id = @c; DELETE FROM membership_version WHERE cluster_id = @c", null,
            ("@c", clusterId)).ExecuteNonQueryAsync();
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        await using var connection = await database.OpenAsync();
        await connection.Command("DELETE FROM membership WHERE cluster_id = @c AND status = @dead AND i_am_alive < @before", null,
            ("@c", ClusterId), ("@dead", (int)SiloStatus.Dead), ("@before", beforeDate.ToUnixTimeMilliseconds())).ExecuteNonQueryAsync();
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => Read(key);

    public Task<MembershipTableData> ReadAll() => Read(null);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) =>
        Change(tableVersion, (connection, transaction) => connection.Command(
            "INSERT INTO membership (cluster_id, silo, etag, status, entry, i_am_alive) VALUES (@c, @s, 0, @st, @e, @a) ON CONFLICT DO NOTHING",
            transaction, ("@c", ClusterId), ("@s", entry.SiloAddress.ToParsableString()), ("@st", (int)entry.Status),
            ("@e", serializer.SerializeToArray(entry)), ("@a", AliveMillis(entry))).ExecuteNonQueryAsync());

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        Change(tableVersion, (connection, transaction) => connection.Command(
            "UPDATE membership SET etag = etag + 1, status = @st, entry = @e, i_am_alive = @a WHERE cluster_id = @c AND silo = @s AND etag = @tag",
            transaction, ("@st", (int)entry.Status), ("@e", serializer.SerializeToArray(entry)), ("@a", AliveMillis(entry)),
            ("@c", ClusterId), ("@s", entry.SiloAddress.ToParsableString()), ("@tag", int.Parse(etag))).ExecuteNonQueryAsync());

    /// <summary>
    /// One membership change: in one transaction, moves the table version from the one the caller read to the next
    /// and writes the entry. False, with nothing changed, when either was changed by another silo first.
    /// </summary>
    private async Task<bool> Change(TableVersion next, Func<DbConnection, DbTransaction, Task<int>> write)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var bumped = await connection.Command(
            "UPDATE membership_version SET version = @next WHERE cluster_id = @c AND version = @read", transaction,
            ("@next", next.Version), ("@c", ClusterId), ("@read", int.Parse(next.VersionEtag))).ExecuteNonQueryAsync();
        if (bumped != 1 || await write(connection, transaction) != 1)
        {
            return false;
        }
        await transaction.CommitAsync();
        return true;
    }

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        await using var connection = await database.OpenAsync();
        await connection.Command("UPDATE membership SET i_am_alive = @a WHERE cluster_id = @c AND silo = @s", null,
            ("@a", AliveMillis(entry)), ("@c", ClusterId), ("@s", entry.SiloAddress.ToParsableString())).ExecuteNonQueryAsync();
    }

    private async Task<MembershipTableData> Read(SiloAddress? key)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var version = Convert.ToInt32(await connection.Command(
            "SELECT version FROM membership_version WHERE cluster_id = @c", transaction, ("@c", ClusterId)).ExecuteScalarAsync() ?? 0);
        var sql = "SELECT entry, etag, i_am_alive FROM membership WHERE cluster_id = @c" + (key is null ? "" : " AND silo = @s");
        await using var command = connection.Command(sql, transaction, ("@c", ClusterId), ("@s", key?.ToParsableString()));
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<Tuple<MembershipEntry, string>>();
        while (await reader.ReadAsync())
        {
            var entry = serializer.Deserialize<MembershipEntry>((byte[])reader.GetValue(0))!;
            entry.IAmAliveTime = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)).UtcDateTime;
            entries.Add(Tuple.Create(entry, reader.GetInt32(1).ToString()));
        }
        return new MembershipTableData(entries, new TableVersion(version, version.ToString()));
    }

    private static long AliveMillis(MembershipEntry entry) =>
        new DateTimeOffset(DateTime.SpecifyKind(entry.IAmAliveTime, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
