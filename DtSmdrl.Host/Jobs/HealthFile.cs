using System.Text.Json;
using System.Text.Json.Nodes;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// The scheduler's health file, rewritten atomically every tick: a monitor (or a systemd ExecStartPost
/// check) treats a file older than a few ticks, or a state other than "running", as unhealthy.
/// </summary>
public static class HealthFile
{
    /// <summary>Writes the file atomically; <paramref name="cluster"/> (cluster mode) is the membership this silo sees, null otherwise.</summary>
    public static void Write(string path, string state, string owner, DateTimeOffset now, IReadOnlyDictionary<string, DateTimeOffset?> nextRuns, string? lastResult,
        JsonNode? cluster = null)
    {
        var json = new JsonObject
        {
            ["state"] = state,
            ["instance"] = owner,
            ["updated_at"] = now.ToString("O"),
            ["pid"] = Environment.ProcessId,
            ["last_result"] = lastResult,
            ["next_runs"] = new JsonObject(nextRuns.Select(n => KeyValuePair.Create(n.Key, (JsonNode?)n.Value?.ToString("O")))),
        };
        if (cluster is not null) json["cluster"] = cluster;
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, full, overwrite: true);
    }
}
