using System.Data.Common;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.Logging;

namespace DtSmdrl.Host.Jobs;

/// <summary>Thrown at a step boundary when another instance took the lease (ours expired).</summary>
public sealed class LeaseLostException(string job) : Exception($"The lease of job '{job}' was lost (it expired and another instance took it); stopping before the next step.");

/// <summary>What a running job sees: its run id, counters, logger, and the step boundary.</summary>
public sealed class JobContext
{
    private readonly Database database;
    private readonly Func<bool> leaseHeld;
    private readonly TimeSpan stepDelay;

    internal JobContext(string job, long runId, Database database, ILogger logger, TimeSpan stepDelay, Func<bool> leaseHeld, CancellationToken cancellation)
    {
        Job = job;
        RunId = runId;
        this.database = database;
        Logger = logger;
        this.stepDelay = stepDelay;
        this.leaseHeld = leaseHeld;
        Cancellation = cancellation;
    }

    public string Job { get; }

    public long RunId { get; }

    /// <summary>Logger for counts and progress; never log patient identifiers or values.</summary>
    public ILogger Logger { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>Items read (files, records, patients: the job says which in its summary).</summary>
    public long Read { get; set; }

    /// <summary>Rows written.</summary>
    public long Written { get; set; }

    /// <summary>Warnings (e.g. rejected records); a run with warnings still succeeds.</summary>
    public long Warnings { get; set; }

    /// <summary>Inputs this run quarantined (each also counts as a warning).</summary>
    public long Failed { get; private set; }

    /// <summary>Steps started.</summary>
    public int Steps { get; private set; }

    /// <summary>
    /// Call before each step (one transaction): stops the run here when shutdown was requested or the lease
    /// was lost, and applies the test hook's delay.
    /// </summary>
    public void Step()
    {
        Cancellation.ThrowIfCancellationRequested();
        if (!leaseHeld()) throw new LeaseLostException(Job);
        if (stepDelay > TimeSpan.Zero) Cancellation.WaitHandle.WaitOne(stepDelay);
        Cancellation.ThrowIfCancellationRequested();
        Steps++;
    }

    /// <summary>
    /// Runs one step's writes in one transaction together with the run's counters in job_runs (items read,
    /// items written including this step's, warnings, failed), so a run killed later still shows what it committed.
    /// <paramref name="written"/> says how many rows the step wrote; it is added to <see cref="Written"/> after the commit.
    /// <paramref name="durable"/>: the commit must survive a power loss (see <see cref="Database.Write{T}(Func{DbTransaction, T}, bool)"/>).
    /// </summary>
    public T Commit<T>(Func<DbTransaction, T> work, Func<T, long> written, bool durable = false)
    {
        var (result, count) = database.Write(t =>
        {
            var result = work(t);
            var count = written(result);
            JobRunStore.Progress(t, RunId, Read, Written + count, Warnings, Failed);
            return (result, count);
        }, durable);
        Written += count;
        return result;
    }

    /// <summary>Whether this exact input (same key and hash) already failed in this job.</summary>
    public bool IsQuarantined(string kind, string key, string inputSha256) =>
        database.Read(c => FailedItemStore.Contains(c, Job, kind, key, inputSha256));

    /// <summary>
    /// Quarantines an input that made its step throw: the failed_items row and this run's counters (one more
    /// failed item and warning) in one transaction. The reason may quote patient data: it goes to the store only.
    /// </summary>
    public void Quarantine(string kind, string key, string inputSha256, Exception error)
    {
        var reason = $"{error.GetType().Name}: {error.Message}";
        database.Write(t =>
        {
            FailedItemStore.Record(t, Job, kind, key, inputSha256, reason, RunId, database.NowMs);
            JobRunStore.Progress(t, RunId, Read, Written, Warnings + 1, Failed + 1);
        });
        Warnings++;
        Failed++;
        Logger.LogWarning("{Job} run {Run}: an input ({Kind}) was quarantined after {ExceptionType}; see `dtsmdrl jobs failed`", Job, RunId, kind, error.GetType().Name);
    }

    /// <summary>Clears the quarantine entry of an input, inside the transaction that has now processed it.</summary>
    public void ClearQuarantine(DbTransaction transaction, string kind, string key) => FailedItemStore.Clear(transaction, Job, kind, key);
}
