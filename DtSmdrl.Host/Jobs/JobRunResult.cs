namespace DtSmdrl.Host.Jobs;

/// <summary>How one attempt to run a job ended.</summary>
/// <param name="Job">Job name.</param>
/// <param name="RunId">job_runs id, or null when the run did not start (lease held elsewhere).</param>
/// <param name="Status">A <see cref="Storage.JobRunStatus"/> value, or "skipped" when another instance holds the lease.</param>
/// <param name="Message">The job's summary (no patient data); a failure's error text is only in job_runs.error and the error log.</param>
public sealed record JobRunResult(string Job, long? RunId, string Status, string Message)
{
    public const string Skipped = "skipped";

    /// <summary>Whether the run did its work (with or without warnings).</summary>
    public bool Succeeded => Status is Storage.JobRunStatus.Succeeded or Storage.JobRunStatus.SucceededWithWarnings;
}
