using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Hosting;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Provenance;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl bench cluster`: patients per second of update-twins and recommend-batch in process and on 1, 2 and 3 local
/// silos (<see cref="LocalCluster"/>, localhost membership, one process). In a temporary folder: a synthetic cohort, a
/// trained model and N patients with two observed cycles each, stored once; each configuration runs both jobs on its
/// own copy of that store, so all start from the same rows. The service's default sampler and engine settings
/// (appsettings.json) apply. Prints and writes cluster.csv. Reported, not asserted.
/// </summary>
public static class BenchClusterCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Out("bench-out");
        var patients = new Option<int>("--patients") { Description = "Patients due in each job", DefaultValueFactory = _ => 40 };
        var silos = new Option<int>("--max-silos") { Description = "Largest cluster measured (1..N silos)", DefaultValueFactory = _ => 3 };
        var command = new Command("cluster", "update-twins + recommend-batch patients/s in process and on 1..N local Orleans silos") { output, patients, silos };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(patients), parse.GetValue(silos)));
        return command;
    }

    private static int Run(string output, int patientCount, int maxSilos)
    {
        if (patientCount is < 1 or > 2000 || maxSilos is < 1 or > 8)
        {
            Console.Error.WriteLine($"--patients {patientCount} must be 1-2000 and --max-silos {maxSilos} 1-8.");
            return 2;
        }
        var machine = MachineInfo.Current();
        Console.WriteLine($"machine: {machine}");
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-bench-cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var cohort = Path.Combine(folder, "cohort");
            CohortFolder.Write(cohort, new SyntheticCohortGenerator(new CohortOptions { Size = Math.Max(160, patientCount), Seed = 11 }));
            var template = Path.Combine(folder, "template.db");
            Console.Error.WriteLine("training the model and storing the patients ...");
            Prepare(Settings(folder, template), cohort, patientCount);

            var rows = new List<(string Configuration, int Silos, string Job, double Seconds, string Load)>();
            var bytes = "";
            for (var silos = 0; silos <= maxSilos; silos++)
            {
                var store = Path.Combine(folder, $"store-{silos}.db");
                File.Copy(template, store);
                var settings = Settings(folder, store);
                var configuration = silos == 0 ? "in process" : $"{silos} silo(s)";
                Console.Error.WriteLine($"{configuration} ...");
                if (silos == 0)
                {
                    using var host = DtSmdrlHostBuilder.Create(overrides: settings).Build();
                    rows.AddRange(TimeJobs(host, patientCount).Select(j => (configuration, 0, j.Job, j.Seconds, j.Load)));
                }
                else
                {
                    var cluster = LocalCluster.StartAsync(silos, settings).GetAwaiter().GetResult();
                    try
                    {
                        rows.AddRange(TimeJobs(cluster.Primary, patientCount).Select(j => (configuration, silos, j.Job, j.Seconds, j.Load)));
                        if (silos == maxSilos) bytes = StoreBytes(cluster.Primary.Services.GetRequiredService<Database>(), patientCount);
                    }
                    finally
                    {
                        cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    }
                }
                SqliteConnection.ClearAllPools();
            }

            var text = new System.Text.StringBuilder("configuration,silos,job,patients,seconds,patients_per_s,ms_per_patient,load_average_before_after,machine\n");
            foreach (var (configuration, silos, job, seconds, load) in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{configuration,-12} {job,-16} {patientCount} patients in {seconds,7:F1} s: {patientCount / seconds,6:F2} patients/s ({1000 * seconds / patientCount:F0} ms per patient; load average {load})"));
                text.Append(string.Create(CultureInfo.InvariantCulture,
                    $"\"{configuration}\",{silos},{job},{patientCount},{seconds:F3},{patientCount / seconds:F3},{1000 * seconds / patientCount:F1},{load},\"{machine}\"\n"));
            }
            Console.WriteLine(bytes);
            Directory.CreateDirectory(output);
            var csv = Path.Combine(output, "cluster.csv");
            File.WriteAllText(csv, text.ToString());
            Console.WriteLine($"written {csv}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, string?> Settings(string folder, string store) => new()
    {
        ["Store:Provider"] = "sqlite", ["Store:ConnectionString"] = $"Data Source={store}",
        ["Engine:ModelFolder"] = Path.Combine(folder, "models"), ["Engine:MinimumPatientsPerRegimen"] = "10",
        ["Jobs:HealthFile"] = Path.Combine(folder, "jobs.health"), ["Ingest:DropFolder"] = Path.Combine(folder, "inbox"),
        // Orleans' start-up notes and a loaded 2-core machine's watchdog warnings would drown the table.
        ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:Orleans"] = "Error",
    };

    // The model, and the patients with two observed cycles each from their true twins: due for both jobs.
    private static void Prepare(Dictionary<string, string?> settings, string cohort, int count)
    {
        using var host = DtSmdrlHostBuilder.Create(overrides: settings).Build();
        var database = host.Services.GetRequiredService<Database>();
        host.Services.GetRequiredService<ModelRegistry>().Train(cohort, alwaysPromote: true);
        var loaded = CohortFolder.Load(cohort);
        var patients = loaded.Patients.Take(count).ToList();
        database.Write(t =>
        {
            foreach (var patient in patients)
            {
                PatientStore.Upsert(t, patient.Observed, database.NowMs);
                foreach (var o in TruthFeedback.Simulate(TruthFeedback.ReadTruth(cohort, patient.Id), patient.Observed, ["chemo_full", "immuno"], loaded.Manifest.Options.StartDate))
                    ObservationStore.Insert(t, o, "bench", database.NowMs);
            }
        });
        database.Read(c => c.Execute("PRAGMA wal_checkpoint(TRUNCATE)"));
    }

    private static List<(string Job, double Seconds, string Load)> TimeJobs(IHost host, int patientCount)
    {
        var runner = host.Services.GetRequiredService<JobRunner>();
        var timed = new List<(string, double, string)>();
        foreach (var job in new[] { JobNames.UpdateTwins, JobNames.RecommendBatch })
        {
            var before = LoadAverage();
            var watch = Stopwatch.StartNew();
            var result = runner.Run(job);
            watch.Stop();
            // A refusal (a record outside the model's training range) is a warning, and the same in every configuration.
            if (!result.Succeeded || !result.Message.StartsWith(job == JobNames.UpdateTwins ? $"{patientCount} patients" : $"{patientCount} of", StringComparison.Ordinal))
                throw new InvalidOperationException($"{job}: {result.Status}: {result.Message}");
            Console.Error.WriteLine($"  {job}: {result.Message}");
            timed.Add((job, watch.Elapsed.TotalSeconds, $"{before}->{LoadAverage()}"));
        }
        return timed;
    }

    // What one patient's two steps leave in the store (the writes a larger cluster must absorb).
    private static string StoreBytes(Database database, int patientCount) => database.Read(c =>
    {
        double Sum(string sql) => Convert.ToDouble(c.Scalar(sql) ?? 0.0, CultureInfo.InvariantCulture);
        var posterior = Sum("SELECT SUM(LENGTH(posterior_json) + LENGTH(summary_json)) FROM twin_posteriors") / patientCount;
        var recommendation = Sum("SELECT SUM(LENGTH(plan_json) + LENGTH(probabilities_json) + LENGTH(explanation_json)) FROM recommendations") / patientCount;
        var state = Sum("SELECT SUM(LENGTH(state_json)) FROM grain_state") / patientCount;
        return string.Create(CultureInfo.InvariantCulture,
            $"store per patient and cycle: posterior {posterior / 1024:F1} KiB, recommendation {recommendation / 1024:F1} KiB, grain state {state / 1024:F1} KiB (written once by each step that changes it)");
    });

    // The 1-minute load average (Linux): on a shared machine it says how much the numbers can be trusted.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
