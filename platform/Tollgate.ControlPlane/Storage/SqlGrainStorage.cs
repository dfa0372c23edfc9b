using Orleans.Serialization;
using Orleans.Storage;

namespace Tollgate.Storage;

/// <summary>
/// Grain state in the platform database (SQLite or PostgreSQL), one row per grain and state name. The row's version
/// is the ETag: a write made from a stale read changes nothing and fails with <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class SqlGrainStorage(Database database, Serializer serializer, TimeProvider clock) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.Command(
            "SELECT version, payload FROM grain_state WHERE state_name = @s AND grain_id = @g", null,
            ("@s", stateName), ("@g", grainId.ToString())).ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.State = serializer.Deserialize<T>((byte[])reader.GetValue(1));
            grainState.ETag = reader.GetInt64(0).ToString();
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.SerializeToArray(grainState.State);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await database.OpenAsync();
        long version;
        int rows;
        if (grainState.ETag is null)
        {
            version = 1;
            rows = await connection.Command(
                "INSERT INTO grain_state (state_name, grain_id, version, payload, updated_at) VALUES (@s, @g, 1, @p, @t) ON CONFLICT DO NOTHING",
                null, ("@s", stateName), ("@g", grainId.ToString()), ("@p", payload), ("@t", now)).ExecuteNonQueryAsync();
        }
        else
        {
            var expected = long.Parse(grainState.ETag);
            version = expected + 1;
            rows = await connection.Command(
                "UPDATE grain_state SET version = @v, payload = @p, updated_at = @t WHERE state_name = @s AND grain_id = @g AND version = @e",
                null, ("@v", version), ("@p", payload), ("@t", now), ("@s", stateName), ("@g", grainId.ToString()), ("@e", expected))
                .ExecuteNonQueryAsync();
        }
        if (rows == 0)
        {
            throw new InconsistentStateException(
                $"Grain {grainId} state '{stateName}' was changed by another writer since it was read", "unknown", grainState.ETag ?? "none");
        }
        grainState.ETag = version.ToString();
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null)
        {
            await using var connection = await database.OpenAsync();
            var rows = await connection.Command(
                "DELETE FROM grain_state WHERE state_name = @s AND grain_id = @g AND version = @e", null,
                ("@s", stateName), ("@g", grainId.ToString()), ("@e", long.Parse(grainState.ETag))).ExecuteNonQueryAsync();
            if (rows == 0)
            {
                throw new InconsistentStateException(
                    $"Grain {grainId} state '{stateName}' was changed by another writer since it was read", "unknown", grainState.ETag);
            }
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
