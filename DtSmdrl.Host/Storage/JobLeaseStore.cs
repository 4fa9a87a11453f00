namespace DtSmdrl.Host.Storage;

/// <summary>
/// The job_leases table: at most one owner per job at a time, across processes and machines sharing the
/// database. A lease has an expiry; the holder renews it while it works, and a lease left by a killed process
/// is taken over once it has expired. Acquire is one atomic INSERT ... ON CONFLICT DO UPDATE ... WHERE expired.
/// </summary>
public sealed class JobLeaseStore(Database database)
{
    /// <summary>Takes the lease when it is free, expired or already ours; returns whether we hold it now.</summary>
    public bool TryAcquire(string job, string owner, TimeSpan duration) => database.Write(t =>
    {
        var now = database.NowMs;
        return t.Execute(
            """
            INSERT INTO job_leases (job, owner, acquired_at, expires_at) VALUES (@job, @owner, @now, @expires)
            ON CONFLICT (job) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at, run_id = NULL
            WHERE job_leases.expires_at <= @now OR job_leases.owner = @owner
            """,
            ("@job", job), ("@owner", owner), ("@now", now), ("@expires", now + (long)duration.TotalMilliseconds)) == 1;
    });

    /// <summary>Extends our lease; false when it is no longer ours (it expired and someone else took it).</summary>
    public bool Renew(string job, string owner, TimeSpan duration, long? runId = null) => database.Write(t => t.Execute(
        "UPDATE job_leases SET expires_at = @expires, run_id = COALESCE(@run, run_id) WHERE job = @job AND owner = @owner",
        ("@expires", database.NowMs + (long)duration.TotalMilliseconds), ("@run", runId), ("@job", job), ("@owner", owner)) == 1);

    /// <summary>Gives the lease up (only if still ours).</summary>
    public void Release(string job, string owner) =>
        database.Write(t => t.Execute("DELETE FROM job_leases WHERE job = @job AND owner = @owner", ("@job", job), ("@owner", owner)));

    /// <summary>Current holder and expiry, or null.</summary>
    public (string Owner, long ExpiresAtMs)? Holder(string job) => database.Read<(string, long)?>(c => c.Query(
        "SELECT owner, expires_at FROM job_leases WHERE job = @job", r => (r.GetString(0), r.Long(1)), ("@job", job)) is { Count: > 0 } rows ? rows[0] : null);
}
