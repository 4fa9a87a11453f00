namespace DtSmdrl.Host.Storage;

/// <summary>
/// The job_leases table: at most one holder per job at a time, across processes and machines sharing the
/// database. A holder is a run token (random, new for every run), stored beside the instance name that is
/// shown to operators: two processes configured with the same Jobs:InstanceName still hold different tokens.
/// A lease has an expiry; the holder renews it while it works, and a lease left by a killed process is taken
/// over once it has expired. Acquire is one atomic INSERT ... ON CONFLICT DO UPDATE ... WHERE expired;
/// renew and release match the token, so a run can neither extend nor drop a lease another run took over.
/// </summary>
public sealed class JobLeaseStore(Database database)
{
    /// <summary>A fresh run token (128 random bits, hex).</summary>
    public static string NewToken() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Takes the lease when it is free, expired or already held by <paramref name="token"/>; returns whether we hold it now.</summary>
    public bool TryAcquire(string job, string owner, string token, TimeSpan duration) => database.Write(t =>
    {
        var now = database.NowMs;
        return t.Execute(
            """
            INSERT INTO job_leases (job, owner, token, acquired_at, expires_at) VALUES (@job, @owner, @token, @now, @expires)
            ON CONFLICT (job) DO UPDATE SET owner = excluded.owner, token = excluded.token, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at, run_id = NULL
            WHERE job_leases.expires_at <= @now OR job_leases.token = @token
            """,
            ("@job", job), ("@owner", owner), ("@token", token), ("@now", now), ("@expires", now + (long)duration.TotalMilliseconds)) == 1;
    });

    /// <summary>Extends our lease; false when <paramref name="token"/> no longer holds it (it expired and another run took it).</summary>
    public bool Renew(string job, string token, TimeSpan duration, long? runId = null) => database.Write(t => t.Execute(
        "UPDATE job_leases SET expires_at = @expires, run_id = COALESCE(@run, run_id) WHERE job = @job AND token = @token",
        ("@expires", database.NowMs + (long)duration.TotalMilliseconds), ("@run", runId), ("@job", job), ("@token", token)) == 1);

    /// <summary>Gives the lease up, only if <paramref name="token"/> still holds it.</summary>
    public void Release(string job, string token) =>
        database.Write(t => t.Execute("DELETE FROM job_leases WHERE job = @job AND token = @token", ("@job", job), ("@token", token)));

    /// <summary>Current holder (instance name) and expiry, or null.</summary>
    public (string Owner, long ExpiresAtMs)? Holder(string job) => database.Read<(string, long)?>(c => c.Query(
        "SELECT owner, expires_at FROM job_leases WHERE job = @job", r => (r.GetString(0), r.Long(1)), ("@job", job)) is { Count: > 0 } rows ? rows[0] : null);
}
