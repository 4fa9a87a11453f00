using System.ComponentModel.DataAnnotations;

namespace DtSmdrl.Host.Options;

/// <summary>The job scheduler and job runs, bound from the "Jobs" configuration section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Instance name shown as the lease holder; default "{machine}:{process id}". Exclusion does not depend on it:
    /// every run holds its lease under its own random token.
    /// </summary>
    public string? InstanceName { get; set; }

    /// <summary>Lease length, seconds: a killed instance's job is taken over this long after its last renewal.</summary>
    [Range(1, 86400, ErrorMessage = "Jobs:LeaseSeconds must be 1-86400.")]
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>How often the scheduler wakes up (and rewrites the health file), seconds.</summary>
    [Range(0.05, 3600, ErrorMessage = "Jobs:TickSeconds must be 0.05-3600.")]
    public double TickSeconds { get; set; } = 30;

    /// <summary>Health file rewritten every tick (time, instance, state, next runs); monitors alert when it goes stale.</summary>
    [Required(ErrorMessage = "Jobs:HealthFile is required.")]
    public string HealthFile { get; set; } = "dtsmdrl-jobs.health";

    /// <summary>
    /// Protected log (0600) of failed runs' error text, which may name a patient or a value; the console and the
    /// normal log get only the run id and the exception type.
    /// </summary>
    [Required(ErrorMessage = "Jobs:ErrorLogFile is required.")]
    public string ErrorLogFile { get; set; } = "dtsmdrl-jobs-errors.log";

    /// <summary>Test hook: sleep this long before every job step (0 in production), so tests can kill a run mid-way.</summary>
    [Range(0, 600_000, ErrorMessage = "Jobs:StepDelayMilliseconds must be 0-600000.")]
    public int StepDelayMilliseconds { get; set; }

    /// <summary>Cron schedule per job name (see <see cref="JobScheduleOptions"/>); jobs without one run only with `jobs run`.</summary>
    public Dictionary<string, JobScheduleOptions> Schedules { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Effective instance name.</summary>
    public string Owner => string.IsNullOrWhiteSpace(InstanceName) ? $"{Environment.MachineName}:{Environment.ProcessId}" : InstanceName;
}

/// <summary>One job's schedule.</summary>
public sealed class JobScheduleOptions
{
    /// <summary>Cron expression, 5 fields (minute hour day month weekday) or 6 with seconds first; evaluated in UTC.</summary>
    public string Cron { get; set; } = "";

    /// <summary>Disabled schedules are validated but never fire.</summary>
    public bool Enabled { get; set; } = true;
}
