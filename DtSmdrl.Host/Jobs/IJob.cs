namespace DtSmdrl.Host.Jobs;

/// <summary>
/// A job: work split into steps, each step one database transaction, with <see cref="JobContext.Step"/>
/// called before each. A run stopped anywhere (shutdown, SIGKILL) leaves only whole steps; the next run
/// finds what is left and does only that, so a job is idempotent.
/// </summary>
public interface IJob
{
    /// <summary>Name as in <see cref="JobNames"/>.</summary>
    string Name { get; }

    /// <summary>Runs the job; counts go to the context; returns a one-line summary (no patient data).</summary>
    string Run(JobContext context);
}
