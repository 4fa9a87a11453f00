using System.CommandLine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl jobs run NAME` (one run now, under the job's lease; exit 0 succeeded, 1 failed, 3 skipped because
/// another instance runs it) and `dtsmdrl jobs list [--count N] [--job NAME]` (recent runs from job_runs).
/// </summary>
public static class JobsCommands
{
    public static Command Create()
    {
        var jobs = new Command("jobs", "Run a job once or list recent job runs");
        jobs.Subcommands.Add(RunCommand());
        jobs.Subcommands.Add(ListCommand());
        return jobs;
    }

    private static Command RunCommand()
    {
        var name = new Argument<string>("NAME") { Description = $"Job: {string.Join(", ", JobNames.All)}" };
        var command = new Command("run", "Run one job now (recorded in job_runs; skipped when another instance holds its lease)") { name };
        command.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            var runner = host.Services.GetRequiredService<JobRunner>();
            if (!runner.Jobs.Contains(parse.GetValue(name)!))
            {
                Console.Error.WriteLine($"unknown job '{parse.GetValue(name)}'; known jobs: {string.Join(", ", runner.Jobs.Order())}");
                return 2;
            }
            using var cancel = new CancellationTokenSource();
            // Ctrl+C / SIGTERM stop the job at its next step boundary.
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            var result = runner.Run(parse.GetValue(name)!, cancel.Token);
            Console.WriteLine($"{result.Job} run {result.RunId?.ToString() ?? "-"}: {result.Status}: {result.Message}");
            return result.Succeeded ? 0 : result.Status == JobRunResult.Skipped ? 3 : 1;
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var count = new Option<int>("--count") { Description = "How many runs", DefaultValueFactory = _ => 20 };
        var job = new Option<string?>("--job") { Description = "Only this job" };
        var command = new Command("list", "Recent job runs: id, job, status, start, duration, counts, message") { count, job };
        command.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            var runs = new JobRunStore(host.Services.GetRequiredService<Database>()).Recent(parse.GetValue(count), parse.GetValue(job));
            Console.WriteLine("| id | job | status | started (UTC) | seconds | read | written | warnings | message |");
            Console.WriteLine("| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | --- |");
            foreach (var r in runs)
            {
                var seconds = r.EndedAtMs is { } end ? ((end - r.StartedAtMs) / 1000.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "";
                Console.WriteLine($"| {r.Id} | {r.Job} | {r.Status} | {DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAtMs):yyyy-MM-dd HH:mm:ss} | {seconds} | {r.ItemsRead} | {r.ItemsWritten} | {r.Warnings} | {r.Error ?? r.Message} |");
            }
            return 0;
        }));
        return command;
    }
}
