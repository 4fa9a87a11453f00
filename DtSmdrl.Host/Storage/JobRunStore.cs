using System.Data.Common;

namespace DtSmdrl.Host.Storage;

/// <summary>States of a job run.</summary>
public static class JobRunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    /// <summary>Succeeded with warnings (e.g. rejected records).</summary>
    public const string SucceededWithWarnings = "succeeded_with_warnings";
    public const string Failed = "failed";
    /// <summary>Stopped by shutdown between steps; committed steps stay, the next run continues.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>The process died mid-run (found when the next run took over the expired lease).</summary>
    public const string Abandoned = "abandoned";
}

/// <summary>One row of job_runs.</summary>
public sealed record JobRun(
    long Id, string Job, string Owner, long StartedAtMs, long? EndedAtMs, string Status,
    long ItemsRead, long ItemsWritten, long Warnings, long ItemsFailed, string? Message, string? Error);

/// <summary>The job_runs table: every run with start, end, status, counts (items read, written, failed: quarantined; warnings) and error.</summary>
public sealed class JobRunStore(Database database)
{
    private const string Columns = "id, job, owner, started_at, ended_at, status, items_read, items_written, warnings, items_failed, message, error";

    /// <summary>Records the start of a run; earlier runs of the job still marked running (their process died) become abandoned.</summary>
    public long Start(string job, string owner) => database.Write(t =>
    {
        t.Execute("UPDATE job_runs SET status = @abandoned, ended_at = @now, error = @why WHERE job = @job AND status = @running",
            ("@abandoned", JobRunStatus.Abandoned), ("@now", database.NowMs), ("@why", "the process running it stopped before the run ended (lease expired)"),
            ("@job", job), ("@running", JobRunStatus.Running));
        return Sql.ToLong(t.Scalar(
            "INSERT INTO job_runs (job, owner, started_at, status) VALUES (@job, @owner, @now, @running) RETURNING id",
            ("@job", job), ("@owner", owner), ("@now", database.NowMs), ("@running", JobRunStatus.Running)));
    });

    /// <summary>A step's counters, written inside the step's own transaction.</summary>
    public static void Progress(DbTransaction transaction, long id, long read, long written, long warnings, long failed) =>
        transaction.Execute("UPDATE job_runs SET items_read = @r, items_written = @w, warnings = @x, items_failed = @f WHERE id = @id",
            ("@r", read), ("@w", written), ("@x", warnings), ("@f", failed), ("@id", id));

    /// <summary>One run, or null.</summary>
    public JobRun? Get(long id) => database.Read(c => c.Query(
        $"SELECT {Columns} FROM job_runs WHERE id = @id", Map, ("@id", id))).FirstOrDefault();

    /// <summary>Records the end of a run.</summary>
    public void Finish(long id, string status, long read, long written, long warnings, long failed, string? message, string? error) =>
        database.Write(t => t.Execute(
            "UPDATE job_runs SET ended_at = @now, status = @s, items_read = @r, items_written = @w, warnings = @x, items_failed = @f, message = @m, error = @e WHERE id = @id",
            ("@now", database.NowMs), ("@s", status), ("@r", read), ("@w", written), ("@x", warnings), ("@f", failed), ("@m", message), ("@e", error), ("@id", id)));

    /// <summary>The newest runs, newest first (optionally of one job).</summary>
    public IReadOnlyList<JobRun> Recent(int count, string? job = null) => database.Read(c => c.Query(
        $"SELECT {Columns} FROM job_runs {(job is null ? "" : "WHERE job = @job")} ORDER BY id DESC LIMIT @n",
        Map, ("@job", job), ("@n", count)));

    private static JobRun Map(DbDataReader r) => new(r.Long(0), r.GetString(1), r.GetString(2), r.Long(3), r.NullableLong(4), r.GetString(5),
        r.Long(6), r.Long(7), r.Long(8), r.Long(9), r.NullableString(10), r.NullableString(11));
}
