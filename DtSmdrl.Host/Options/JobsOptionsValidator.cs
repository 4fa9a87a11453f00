using DtSmdrl.Host.Jobs;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Options;

/// <summary>Checks what data annotations cannot: every schedule names a known job and parses as cron.</summary>
public sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        foreach (var (job, schedule) in options.Schedules)
        {
            if (!JobNames.All.Contains(job))
                failures.Add($"Jobs:Schedules:{job}: unknown job; known jobs: {string.Join(", ", JobNames.All)}.");
            if (schedule is null)
            {
                failures.Add($"Jobs:Schedules:{job}: missing schedule.");
                continue;
            }
            try
            {
                CronSchedule.Parse(schedule.Cron);
            }
            catch (FormatException e)
            {
                failures.Add($"Jobs:Schedules:{job}:Cron: {e.Message}.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
