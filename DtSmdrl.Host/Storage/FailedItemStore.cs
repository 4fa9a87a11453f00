using System.Data.Common;

namespace DtSmdrl.Host.Storage;

/// <summary>What a job quarantines: an inbox file or a stored patient.</summary>
public static class FailedItemKind
{
    public const string File = "file";
    public const string Patient = "patient";
}

/// <summary>One quarantined input (a failed_items row).</summary>
/// <param name="Job">Job name.</param>
/// <param name="Kind">See <see cref="FailedItemKind"/>.</param>
/// <param name="Key">The file name or the patient id.</param>
/// <param name="InputSha256">Hash of the input that failed; a changed input (new hash) is tried again.</param>
/// <param name="Reason">Exception type and message; may name a patient or value, so it stays in the store.</param>
/// <param name="Attempts">How many runs tried this input and failed.</param>
/// <param name="FirstSeenMs">First failure, Unix milliseconds.</param>
/// <param name="LastSeenMs">Latest failure.</param>
/// <param name="LastRunId">The run of the latest failure.</param>
public sealed record FailedItem(
    string Job, string Kind, string Key, string InputSha256, string Reason, long Attempts, long FirstSeenMs, long LastSeenMs, long LastRunId);

/// <summary>
/// The failed_items table: inputs that made a job step throw, one row per (job, kind, key). The job records the
/// input with its hash and goes on with the rest; later runs skip the same input (same hash) without retrying it,
/// try a changed input again, and delete the row in the transaction that finally processes it.
/// </summary>
public static class FailedItemStore
{
    private const string Columns = "job, item_kind, item_key, input_sha256, reason, attempts, first_seen, last_seen, last_run_id";

    /// <summary>Whether this exact input (same key and hash) already failed in <paramref name="job"/>.</summary>
    public static bool Contains(DbConnection connection, string job, string kind, string key, string inputSha256) => connection.Scalar(
        "SELECT 1 FROM failed_items WHERE job = @j AND item_kind = @k AND item_key = @key AND input_sha256 = @h",
        ("@j", job), ("@k", kind), ("@key", key), ("@h", inputSha256)) is not null;

    /// <summary>Records a failure: a new row, or one more attempt with the latest hash, reason and run.</summary>
    public static void Record(DbTransaction transaction, string job, string kind, string key, string inputSha256, string reason, long runId, long nowMs) =>
        transaction.Execute(
            $"""
            INSERT INTO failed_items ({Columns}) VALUES (@j, @k, @key, @h, @why, 1, @now, @now, @run)
            ON CONFLICT (job, item_kind, item_key) DO UPDATE SET input_sha256 = excluded.input_sha256, reason = excluded.reason,
                attempts = failed_items.attempts + 1, last_seen = excluded.last_seen, last_run_id = excluded.last_run_id
            """,
            ("@j", job), ("@k", kind), ("@key", key), ("@h", inputSha256), ("@why", reason), ("@now", nowMs), ("@run", runId));

    /// <summary>Deletes the entry of an input that has now been processed.</summary>
    public static void Clear(DbTransaction transaction, string job, string kind, string key) => transaction.Execute(
        "DELETE FROM failed_items WHERE job = @j AND item_kind = @k AND item_key = @key", ("@j", job), ("@k", kind), ("@key", key));

    /// <summary>Every quarantined input (optionally of one job), by job, kind and key.</summary>
    public static IReadOnlyList<FailedItem> List(Database database, string? job = null) => database.Read(c => c.Query(
        $"SELECT {Columns} FROM failed_items {(job is null ? "" : "WHERE job = @j")} ORDER BY job, item_kind, item_key",
        r => new FailedItem(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Long(5), r.Long(6), r.Long(7), r.Long(8)),
        ("@j", job)));
}
