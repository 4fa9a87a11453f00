using System.CommandLine;
using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl jobs run NAME` (one run now, under the job's lease; exit 0 succeeded, 1 failed, 3 skipped because
/// another instance runs it), `dtsmdrl jobs list [--count N] [--job NAME] [--errors]` (recent runs from job_runs),
/// `dtsmdrl jobs show RUN_ID` (one run with its error text) and `dtsmdrl jobs failed [--job NAME] [--reasons]`
/// (quarantined inputs). Error text and quarantine reasons may name a patient or a value: they are printed only
/// by `jobs show`, `jobs list --errors` and `jobs failed --reasons`, never by `jobs run` or `serve-jobs`.
/// </summary>
public static class JobsCommands
{
    public static Command Create()
    {
        var jobs = new Command("jobs", "Run a job once or list recent job runs");
        jobs.Subcommands.Add(RunCommand());
        jobs.Subcommands.Add(ListCommand());
        jobs.Subcommands.Add(ShowCommand());
        jobs.Subcommands.Add(FailedCommand());
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
            // Cluster:Enabled: this process is an Orleans client and the job fans out to the running cluster's silos.
            if (host.Services.GetService<PatientFanOut>() is not null) host.Start();
            using var cancel = new CancellationTokenSource();
            // Ctrl+C / SIGTERM stop the job at its next step boundary.
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            var result = runner.Run(parse.GetValue(name)!, cancel.Token);
            // The summary carries counts only; a failure's error text stays in the store and the protected error log.
            Console.WriteLine($"{result.Job} run {result.RunId?.ToString() ?? "-"}: {result.Status}: {result.Message}");
            if (result.Status == JobRunStatus.Failed)
                Console.WriteLine($"the error is stored with the run: `dtsmdrl jobs show {result.RunId}`");
            return result.Succeeded ? 0 : result.Status == JobRunResult.Skipped ? 3 : 1;
        }, builder => ClusterHosting.AddClientIfEnabled(builder)));
        return command;
    }

    private static Command ListCommand()
    {
        var count = new Option<int>("--count") { Description = "How many runs", DefaultValueFactory = _ => 20 };
        var job = new Option<string?>("--job") { Description = "Only this job" };
        var errors = new Option<bool>("--errors") { Description = "Also print each failed run's error text (may name a patient or a value)" };
        var command = new Command("list", "Recent job runs: id, job, status, start, duration, counts, quarantined inputs, message") { count, job, errors };
        command.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            var database = host.Services.GetRequiredService<Database>();
            var runs = new JobRunStore(database).Recent(parse.GetValue(count), parse.GetValue(job));
            var withErrors = parse.GetValue(errors);
            Console.WriteLine($"| id | job | status | started (UTC) | seconds | read | written | warnings | quarantined | message |{(withErrors ? " error |" : "")}");
            Console.WriteLine($"| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |{(withErrors ? " --- |" : "")}");
            foreach (var r in runs)
            {
                var seconds = r.EndedAtMs is { } end ? ((end - r.StartedAtMs) / 1000.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "";
                var error = withErrors ? $" {r.Error} |" : "";
                Console.WriteLine($"| {r.Id} | {r.Job} | {r.Status} | {Time(r.StartedAtMs)} | {seconds} | {r.ItemsRead} | {r.ItemsWritten} | {r.Warnings} | {r.ItemsFailed} | {r.Message} |{error}");
            }
            return 0;
        }));
        return command;
    }

    private static Command ShowCommand()
    {
        var id = new Argument<long>("RUN_ID") { Description = "job_runs id (printed by `jobs run` and `jobs list`)" };
        var command = new Command("show", "One run in full, with its error text and the inputs it quarantined (may name patients and values)") { id };
        command.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            var database = host.Services.GetRequiredService<Database>();
            var run = new JobRunStore(database).Get(parse.GetValue(id));
            if (run is null)
            {
                Console.Error.WriteLine($"no job run with id {parse.GetValue(id)}");
                return 2;
            }
            Console.WriteLine($"run {run.Id}: {run.Job} by {run.Owner}, {run.Status}");
            Console.WriteLine($"started {Time(run.StartedAtMs)} UTC, ended {(run.EndedAtMs is { } end ? Time(end) + " UTC" : "-")}");
            Console.WriteLine($"read {run.ItemsRead}, written {run.ItemsWritten}, warnings {run.Warnings}, quarantined {run.ItemsFailed}");
            Console.WriteLine($"message: {run.Message}");
            Console.WriteLine($"error: {run.Error ?? "-"}");
            foreach (var item in FailedItemStore.List(database, run.Job).Where(f => f.LastRunId == run.Id))
                Console.WriteLine($"quarantined {item.Kind} {item.Key} (attempt {item.Attempts}): {item.Reason}");
            return 0;
        }));
        return command;
    }

    private static Command FailedCommand()
    {
        var job = new Option<string?>("--job") { Description = "Only this job" };
        var reasons = new Option<bool>("--reasons") { Description = "Print the full reason (may name a patient or a value), not only the exception type" };
        var command = new Command("failed", "Inputs the jobs quarantined (files, patients): key, attempts, first and last failure, last run, reason") { job, reasons };
        command.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            var items = FailedItemStore.List(host.Services.GetRequiredService<Database>(), parse.GetValue(job));
            Console.WriteLine("| job | kind | key | attempts | first failure (UTC) | last failure (UTC) | last run | reason |");
            Console.WriteLine("| --- | --- | --- | ---: | --- | --- | ---: | --- |");
            foreach (var f in items)
            {
                var reason = parse.GetValue(reasons) ? f.Reason : f.Reason.Split(':')[0];
                Console.WriteLine($"| {f.Job} | {f.Kind} | {f.Key} | {f.Attempts} | {Time(f.FirstSeenMs)} | {Time(f.LastSeenMs)} | {f.LastRunId} | {reason} |");
            }
            Console.WriteLine($"{items.Count} quarantined inputs");
            return 0;
        }));
        return command;
    }

    private static string Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
