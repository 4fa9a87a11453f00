using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using DtSmdrl.Host.Web;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Provenance;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl bench web`: latency of the clinician's patient page for patients whose twin is up to date. In a temporary
/// folder: a synthetic cohort, a trained model, N held-out patients with two observed cycles each (from their true
/// twins), their twins updated and the batch recommendations made, as the scheduled jobs leave them; then the web host
/// on a free loopback port and timed GETs of /patients/{id}: each patient's first view (the forecast figures drawn), then R
/// repeat views round robin. Prints and writes web.csv (p50, p95, max per kind, requests, patients, machine). Reported, not asserted.
/// </summary>
public static class BenchWebCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Out("bench-out");
        var patients = new Option<int>("--patients") { Description = "Patients in the store", DefaultValueFactory = _ => 20 };
        var requests = new Option<int>("--requests") { Description = "Timed page requests", DefaultValueFactory = _ => 200 };
        var command = new Command("web", "Patient page latency (p50/p95) on a temporary store with up-to-date twins") { output, patients, requests };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(patients), parse.GetValue(requests)));
        return command;
    }

    private static int Run(string output, int patientCount, int requestCount)
    {
        if (patientCount is < 1 or > 500 || requestCount < 1)
        {
            Console.Error.WriteLine($"--patients {patientCount} must be 1-500 and --requests {requestCount} at least 1.");
            return 2;
        }
        var machine = MachineInfo.Current();
        Console.WriteLine($"machine: {machine}");
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-bench-web-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var cohort = Path.Combine(folder, "cohort");
            CohortFolder.Write(cohort, new SyntheticCohortGenerator(new CohortOptions { Size = Math.Max(160, 4 * patientCount), Seed = 11 }));
            var settings = new Dictionary<string, string?>
            {
                ["Store:Provider"] = "sqlite", ["Store:ConnectionString"] = $"Data Source={Path.Combine(folder, "store.db")}",
                ["Engine:ModelFolder"] = Path.Combine(folder, "models"), ["Engine:CohortFolder"] = cohort, ["Engine:MinimumPatientsPerRegimen"] = "10",
                ["Jobs:HealthFile"] = Path.Combine(folder, "jobs.health"), ["Ingest:DropFolder"] = Path.Combine(folder, "inbox"),
                ["Web:Urls"] = "http://127.0.0.1:0", ["Logging:LogLevel:Default"] = "Warning",
            };
            var app = DtSmdrlWebHost.Build(overrides: settings);
            DtSmdrlWebHost.ValidateAll(app);
            var ids = Prepare(app, cohort, patientCount);
            app.StartAsync().GetAwaiter().GetResult();
            try
            {
                using var client = new HttpClient { BaseAddress = DtSmdrlWebHost.BoundAddress(app) };
                // First views draw the figures (twin simulation); later views of an unchanged patient reuse them.
                var first = ids.Select(id => Time(() => Get(client, id))).Order().ToArray();
                var times = new double[requestCount];
                for (var k = 0; k < requestCount; k++) times[k] = Time(() => Get(client, ids[k % ids.Count]));
                Array.Sort(times);
                var forecastSamples = app.Services.GetRequiredService<IOptions<WebOptions>>().Value.ForecastSamples;
                var rows = new[] { ("patient page, first view (figures drawn)", first), ("patient page, repeat view", times) };
                var text = new System.Text.StringBuilder("page,p50_ms,p95_ms,max_ms,requests,patients,forecast_samples,machine\n");
                foreach (var (name, sorted) in rows)
                {
                    var (p50, p95, max) = (Quantile(sorted, 0.5), Quantile(sorted, 0.95), sorted[^1]);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name}: p50 {p50:F1} ms, p95 {p95:F1} ms, max {max:F1} ms over {sorted.Length} requests, {ids.Count} patients with up-to-date twins, {forecastSamples} forecast samples"));
                    text.Append(string.Create(CultureInfo.InvariantCulture, $"\"{name}\",{p50:F2},{p95:F2},{max:F2},{sorted.Length},{ids.Count},{forecastSamples},\"{machine}\"\n"));
                }
                Directory.CreateDirectory(output);
                var csv = Path.Combine(output, "web.csv");
                File.WriteAllText(csv, text.ToString());
                Console.WriteLine($"written {csv}");
            }
            finally
            {
                app.StopAsync().GetAwaiter().GetResult();
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    // Train, store the patients with two observed cycles each, update their twins and run the batch recommendations.
    private static List<string> Prepare(WebApplication app, string cohort, int count)
    {
        var services = app.Services;
        var database = services.GetRequiredService<Database>();
        Console.Error.WriteLine("training the model on the synthetic cohort ...");
        services.GetRequiredService<ModelRegistry>().Train(cohort, alwaysPromote: true);
        var loaded = CohortFolder.Load(cohort);
        var patients = loaded.InSplit(Pipeline.Study.CohortSplit.Test).Where(p => p.Observed.Imaging is not null).Take(count).ToList();
        var updater = new TwinUpdater(services.GetRequiredService<IOptions<TwinUpdateOptions>>().Value);
        foreach (var patient in patients)
        {
            var outcomes = TruthFeedback.Simulate(TruthFeedback.ReadTruth(cohort, patient.Id), patient.Observed, ["chemo_full", "chemo_full"], loaded.Manifest.Options.StartDate);
            database.Write(t =>
            {
                PatientStore.Upsert(t, patient.Observed, database.NowMs);
                foreach (var o in outcomes) ObservationStore.Insert(t, o, "bench", database.NowMs);
            });
            UpdateTwinsJob.UpdatePatient(database, updater, patient.Id);
        }
        var batch = services.GetRequiredService<JobRunner>().Run(JobNames.RecommendBatch);
        if (!batch.Succeeded) throw new InvalidOperationException($"recommend-batch failed: {batch.Message}");
        return patients.Select(p => p.Id).ToList();
    }

    private static double Quantile(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static void Get(HttpClient client, string id)
    {
        using var response = client.GetAsync($"/patients/{Uri.EscapeDataString(id)}").GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET /patients/{id}: {(int)response.StatusCode}");
        _ = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }
}
