using System.Text.Json;
using DtSmdrl.Host.Storage;
using Orleans.Storage;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// Orleans grain persistence on the DtSmdrl store (SQLite or PostgreSQL, the grain_state table of migration 5), so
/// grain state lives in the same database as the patients, posteriors and recommendations it refers to. State is
/// JSON; the ETag is a per-row counter: a write whose ETag is not the stored one fails with
/// <see cref="InconsistentStateException"/> (two activations of one grain never overwrite each other silently).
/// </summary>
public sealed class StoreGrainStorage(Database database, string serviceId) : IGrainStorage
{
    /// <summary>The provider name grains ask for in <c>[PersistentState(..., Name)]</c>.</summary>
    public const string Name = "dtsmdrl-store";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var row = ClusterStoreException.Guard(() => database.Read(c => c.Query(
            "SELECT etag, state_json FROM grain_state WHERE service_id = @s AND grain_id = @g AND state_name = @n",
            r => (ETag: r.GetString(0), Json: r.GetString(1)), ("@s", serviceId), ("@g", grainId.ToString()), ("@n", stateName)).FirstOrDefault()));
        if (row.ETag is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        else
        {
            grainState.State = JsonSerializer.Deserialize<T>(row.Json)
                ?? throw new InvalidOperationException($"grain_state of {grainId} ({stateName}) holds JSON null.");
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var json = JsonSerializer.Serialize(grainState.State);
        var key = grainId.ToString();
        var etag = ClusterStoreException.Guard(() => database.Write(t =>
        {
            var stored = t.Scalar("SELECT etag FROM grain_state WHERE service_id = @s AND grain_id = @g AND state_name = @n",
                ("@s", serviceId), ("@g", key), ("@n", stateName)) as string;
            if (stored != grainState.ETag)
                throw new InconsistentStateException($"grain_state of {key} ({stateName}) was written by another activation.", stored ?? "(none)", grainState.ETag ?? "(none)");
            var next = (stored is null ? 1 : long.Parse(stored, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (stored is null)
                t.Execute("INSERT INTO grain_state (service_id, grain_id, state_name, etag, state_json, updated_at) VALUES (@s, @g, @n, @e, @j, @t)",
                    ("@s", serviceId), ("@g", key), ("@n", stateName), ("@e", next), ("@j", json), ("@t", database.NowMs));
            else
                t.Execute("UPDATE grain_state SET etag = @e, state_json = @j, updated_at = @t WHERE service_id = @s AND grain_id = @g AND state_name = @n",
                    ("@s", serviceId), ("@g", key), ("@n", stateName), ("@e", next), ("@j", json), ("@t", database.NowMs));
            return next;
        }));
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = grainId.ToString();
        ClusterStoreException.Guard(() => database.Write(t =>
        {
            var stored = t.Scalar("SELECT etag FROM grain_state WHERE service_id = @s AND grain_id = @g AND state_name = @n",
                ("@s", serviceId), ("@g", key), ("@n", stateName)) as string;
            if (stored != grainState.ETag)
                throw new InconsistentStateException($"grain_state of {key} ({stateName}) was written by another activation.", stored ?? "(none)", grainState.ETag ?? "(none)");
            return t.Execute("DELETE FROM grain_state WHERE service_id = @s AND grain_id = @g AND state_name = @n", ("@s", serviceId), ("@g", key), ("@n", stateName));
        }));
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
