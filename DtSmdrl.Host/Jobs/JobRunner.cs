using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// Runs one job once under its lease: acquire the lease under a fresh run token (or skip when another live run
/// holds it), record the run, renew the lease in the background while the job works (a failed renewal means the
/// lease is lost and the run stops at its next step), record the end (status, counts, error), release (only our
/// own token). A job's exception is recorded as a failed run and never escapes, so a scheduler keeps running; its
/// text (which may carry patient data) goes to job_runs.error and the protected Jobs:ErrorLogFile only.
/// </summary>
public sealed class JobRunner
{
    private readonly Dictionary<string, IJob> jobs;
    private readonly Database database;
    private readonly JobLeaseStore leases;
    private readonly JobRunStore runs;
    private readonly JobsOptions options;
    private readonly ILogger<JobRunner> logger;

    public JobRunner(IEnumerable<IJob> jobs, Database database, IOptions<JobsOptions> options, ILogger<JobRunner> logger)
    {
        this.jobs = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);
        this.database = database;
        leases = new JobLeaseStore(database);
        runs = new JobRunStore(database);
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>Names of the registered jobs.</summary>
    public IReadOnlyCollection<string> Jobs => jobs.Keys;

    public string Owner => options.Owner;

    public JobRunResult Run(string name, CancellationToken cancellation = default)
    {
        if (!jobs.TryGetValue(name, out var job))
            throw new ArgumentException($"Unknown job '{name}'; known jobs: {string.Join(", ", jobs.Keys.Order())}.", nameof(name));
        var duration = TimeSpan.FromSeconds(options.LeaseSeconds);
        var owner = options.Owner;
        var token = JobLeaseStore.NewToken();
        if (!leases.TryAcquire(name, owner, token, duration))
        {
            var holder = leases.Holder(name);
            var message = holder is { } h
                ? $"skipped: instance '{h.Owner}' holds the lease until {DateTimeOffset.FromUnixTimeMilliseconds(h.ExpiresAtMs):O}"
                : "skipped: the lease is held by another instance";
            logger.LogInformation("Job {Job}: {Message}", name, message);
            return new JobRunResult(name, null, JobRunResult.Skipped, message);
        }

        long runId = 0;
        var held = true;
        using var renewal = new Timer(_ =>
        {
            try
            {
                if (held) held = leases.Renew(name, token, duration);
            }
            catch (Exception e)
            {
                // A database hiccup: keep the lease flag; the next renewal or the step check decides.
                logger.LogWarning("Job {Job}: lease renewal failed ({Error})", name, e.GetType().Name);
            }
        }, null, Timeout.Infinite, Timeout.Infinite);
        try
        {
            runId = runs.Start(name, owner);
            held = leases.Renew(name, token, duration, runId);
            var period = TimeSpan.FromMilliseconds(Math.Max(50, duration.TotalMilliseconds / 3));
            renewal.Change(period, period);
            logger.LogInformation("Job {Job} run {Run} started by {Owner}", name, runId, owner);
            var context = new JobContext(name, runId, database, logger, TimeSpan.FromMilliseconds(options.StepDelayMilliseconds), () => held, cancellation);
            string status, summary;
            string? error = null;
            try
            {
                summary = job.Run(context);
                status = context.Warnings > 0 ? JobRunStatus.SucceededWithWarnings : JobRunStatus.Succeeded;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                status = JobRunStatus.Cancelled;
                summary = $"cancelled by shutdown after {context.Steps} steps; committed steps stay, the next run continues";
            }
            catch (Exception e)
            {
                status = JobRunStatus.Failed;
                summary = $"failed after {context.Steps} steps";
                // The message may name a patient or file: it goes to the database, the log gets only its type.
                error = $"{e.GetType().Name}: {e.Message}";
                logger.LogError("Job {Job} run {Run} failed: {ExceptionType} (details: `dtsmdrl jobs show {Run}`)", name, runId, e.GetType().Name, runId);
                WriteErrorLog(name, runId, e);
            }
            renewal.Change(Timeout.Infinite, Timeout.Infinite);
            runs.Finish(runId, status, context.Read, context.Written, context.Warnings, context.Failed, summary, error);
            logger.LogInformation("Job {Job} run {Run} {Status}: {Summary} (read {Read}, written {Written}, warnings {Warnings})",
                name, runId, status, summary, context.Read, context.Written, context.Warnings);
            return new JobRunResult(name, runId, status, summary);
        }
        finally
        {
            renewal.Change(Timeout.Infinite, Timeout.Infinite);
            leases.Release(name, token);
        }
    }

    private void WriteErrorLog(string job, long runId, Exception error)
    {
        try
        {
            PrivateFiles.AppendLine(options.ErrorLogFile, $"{DateTimeOffset.UtcNow:O} job {job} run {runId}: {error}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Job {Job} run {Run}: the error log could not be written ({Error}); the error is in job_runs.error", job, runId, e.GetType().Name);
        }
    }
}
