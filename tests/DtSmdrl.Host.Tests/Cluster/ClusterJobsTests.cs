using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Cohort;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Tests.Cluster;

/// <summary>
/// update-twins and recommend-batch on a 3-silo in-process cluster: the same store contents as the in-process jobs
/// for 200 patients, and a silo killed mid-job loses or duplicates no observation, posterior or recommendation.
/// </summary>
[TestClass]
public sealed class ClusterJobsTests
{
    private const int Patients = 200;
    private static string cohort = "";
    private static TestDatabase template = null!;

    /// <summary>One seeded store (200 records, two observed cycles each, a promoted model) that each test copies.</summary>
    [ClassInitialize]
    public static void SeedTemplate(TestContext _)
    {
        cohort = Path.Combine(Path.GetTempPath(), "dtsmdrl-host-tests", "cluster-cohort-" + Guid.NewGuid().ToString("N"));
        CohortFolder.Write(cohort, new SyntheticCohortGenerator(new CohortOptions { Size = Patients, Seed = 11 }));
        template = TestDatabase.Create("sqlite");
        using var host = TestHost.Create(template, Settings(template));
        var database = host.Services.GetRequiredService<Database>();
        var loaded = CohortFolder.Load(cohort);
        var observations = loaded.Patients.SelectMany(p => TruthFeedback.Simulate(TruthFeedback.ReadTruth(cohort, p.Id), p.Observed, ["chemo_full", "immuno"], loaded.Manifest.Options.StartDate)).ToList();
        database.Write(t =>
        {
            loaded.Patients.ToList().ForEach(p => PatientStore.Upsert(t, p.Observed, database.NowMs));
            observations.ForEach(o => ObservationStore.Insert(t, o, "test", database.NowMs));
        });
        Assert.IsTrue(host.Services.GetRequiredService<ModelRegistry>().Train(cohort, alwaysPromote: true).Promoted);
    }

    [ClassCleanup]
    public static void Remove()
    {
        template.Dispose();
        Directory.Delete(cohort, recursive: true);
    }

    [TestMethod]
    public async Task ThreeSilosWriteTheSameStoreAsTheInProcessJobs()
    {
        using var local = CopyOfTemplate();
        using (var host = TestHost.Create(local, Settings(local)))
        {
            var runner = host.Services.GetRequiredService<JobRunner>();
            Assert.AreEqual(JobRunStatus.Succeeded, runner.Run(JobNames.UpdateTwins).Status);
            Assert.AreEqual(JobRunStatus.Succeeded, runner.Run(JobNames.RecommendBatch).Status);
        }

        using var clustered = CopyOfTemplate();
        var settings = Settings(clustered);
        await using var cluster = await TestClusters.StartAsync(settings, 3);
        using (var host = TestClusters.JobHost(cluster, settings))
        {
            var runner = host.Services.GetRequiredService<JobRunner>();
            var update = runner.Run(JobNames.UpdateTwins);
            Assert.AreEqual(JobRunStatus.Succeeded, update.Status, update.Message);
            StringAssert.Contains(update.Message, $"{Patients} patients with new observations: {Patients} posterior versions written");
            var batch = runner.Run(JobNames.RecommendBatch);
            Assert.AreEqual(JobRunStatus.Succeeded, batch.Status, batch.Message);
        }

        var (expectedPosteriors, expectedRecommendations) = Contents(local.Database);
        var (posteriors, recommendations) = Contents(clustered.Database);
        Assert.HasCount(Patients, expectedPosteriors);
        Assert.HasCount(Patients, expectedRecommendations);
        CollectionAssert.AreEqual(expectedPosteriors, posteriors, "twin_posteriors: same rows, same particles, same order of versions");
        CollectionAssert.AreEqual(expectedRecommendations, recommendations, "recommendations: same plans, probabilities and input hashes");
        Assert.AreEqual(Sql.ToLong(local.Database.Read(c => c.Scalar("SELECT COUNT(*) FROM observations"))),
            Sql.ToLong(clustered.Database.Read(c => c.Scalar("SELECT COUNT(*) FROM observations"))));

        // The grains hold what the store holds, and answer from it.
        var fanOut = new PatientFanOut(cluster.Client, Microsoft.Extensions.Options.Options.Create(new Options.ClusterModeOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<PatientFanOut>.Instance);
        foreach (var patientId in PatientIds(clustered.Database).Take(20))
        {
            var stored = new RecommendationStore(clustered.Database).ForPatient(patientId).Single();
            Assert.AreEqual(stored, await fanOut.Twin(patientId).RecommendAsync());
            var state = await fanOut.Twin(patientId).StateAsync();
            Assert.AreEqual(1, state.PosteriorVersion);
            CollectionAssert.AreEqual(new ObservationStore(clustered.Database).ForPatient(patientId).Select(o => o.Id).Order().ToArray(), state.ObservationIds);
        }
    }

    [TestMethod]
    public async Task ASiloKilledMidJobLosesAndDuplicatesNothing()
    {
        using var db = CopyOfTemplate();
        var settings = Settings(db);
        settings["Jobs:StepDelayMilliseconds"] = "10";
        var observationsBefore = ObservationRows(db.Database);
        await using var cluster = await TestClusters.StartAsync(settings, 3);
        using var host = TestClusters.JobHost(cluster, settings);
        var runner = host.Services.GetRequiredService<JobRunner>();

        var update = Task.Run(() => runner.Run(JobNames.UpdateTwins));
        await WaitFor(() => new PosteriorStore(db.Database).Count() >= 40, update);
        await cluster.KillSiloAsync(cluster.Silos[1]);
        var updated = await update;
        Assert.AreEqual(JobRunStatus.Succeeded, updated.Status, updated.Message);

        var batch = Task.Run(() => runner.Run(JobNames.RecommendBatch));
        await WaitFor(() => new RecommendationStore(db.Database).Count() >= 40, batch);
        await cluster.KillSiloAsync(cluster.Silos[^1]);
        var recommended = await batch;
        Assert.AreEqual(JobRunStatus.Succeeded, recommended.Status, recommended.Message);

        CollectionAssert.AreEqual(observationsBefore, ObservationRows(db.Database), "no observation lost, changed or added");
        var perPatient = db.Database.Read(c => c.Query(
            """
            SELECT p.patient_id,
                (SELECT COUNT(*) FROM twin_posteriors t WHERE t.patient_id = p.patient_id),
                (SELECT COUNT(*) FROM recommendations r WHERE r.patient_id = p.patient_id AND r.posterior_version = 1)
            FROM patients p
            """,
            r => (Id: r.GetString(0), Posteriors: r.Long(1), Recommendations: r.Long(2))));
        Assert.HasCount(Patients, perPatient);
        Assert.IsTrue(perPatient.All(p => p.Posteriors == 1), "exactly one posterior per patient: " + string.Join(",", perPatient.Where(p => p.Posteriors != 1).Select(p => p.Posteriors)));
        Assert.IsTrue(perPatient.All(p => p.Recommendations == 1), "exactly one recommendation per patient: " + string.Join(",", perPatient.Where(p => p.Recommendations != 1).Select(p => p.Recommendations)));
        Assert.AreEqual(0L, Sql.ToLong(db.Database.Read(c => c.Scalar("SELECT COUNT(*) FROM failed_items"))), "a cluster failure never quarantines a patient");

        // The one silo left answers for every patient, the killed silos' ones included, from persisted state.
        var fanOut = host.Services.GetRequiredService<PatientFanOut>();
        var stored = db.Database.Read(c => c.Query("SELECT patient_id, id FROM recommendations", r => (r.GetString(0), r.Long(1)))).ToDictionary();
        foreach (var patientId in PatientIds(db.Database))
            Assert.AreEqual(stored[patientId], (await fanOut.Twin(patientId).RecommendAsync())?.Id, "the grain's recommendation is the stored one");
    }

    [TestMethod]
    public async Task ObserveIsIdempotentOnARedeliveredObservation()
    {
        using var db = CopyOfTemplate();
        var settings = Settings(db);
        await using var cluster = await TestClusters.StartAsync(settings, 1);
        using var host = TestClusters.JobHost(cluster, settings);
        var loaded = CohortFolder.Load(cohort);
        // A patient alive after three cycles, so that a third cycle can be observed.
        var (patientId, third) = PatientIds(db.Database).Select(id => (id, Cycles: TruthFeedback.Simulate(TruthFeedback.ReadTruth(cohort, id),
            loaded.Patients.Single(p => p.Id == id).Observed, ["chemo_full", "immuno", "immuno"], loaded.Manifest.Options.StartDate)))
            .First(p => p.Cycles.Count == 3);
        var twin = host.Services.GetRequiredService<PatientFanOut>().Twin(patientId);
        var stored = new ObservationStore(db.Database).ForPatient(patientId).Select(o => o.Observation).ToList();
        CollectionAssert.AreEqual(stored.Select(o => o.Cycle).ToList(), third.Take(2).Select(o => o.Cycle).ToList());

        var first = await twin.ObserveAsync(ObservationBatch.Of("test", stored));
        Assert.AreEqual((0, 2, 0), (first.Inserted, first.Duplicates, first.Conflicts), "the stored cycles are duplicates");
        Assert.AreEqual(1, first.Twin!.Written);
        Assert.IsTrue(first.Recommendation!.Written);

        var next = await twin.ObserveAsync(ObservationBatch.Of("test", [third[2]]));
        Assert.AreEqual((1, 2, 2), (next.Inserted, next.Twin!.Written, next.Recommendation!.Recommendation!.PosteriorVersion));
        var again = await twin.ObserveAsync(ObservationBatch.Of("test", [third[2]]));
        Assert.AreEqual((0, 1, (int?)null, false), (again.Inserted, again.Duplicates, again.Twin!.Written, again.Recommendation!.Written), "re-delivered: nothing written");
        Assert.AreEqual(next.Recommendation.Recommendation, again.Recommendation.Recommendation);

        Assert.AreEqual(3, new ObservationStore(db.Database).ForPatient(patientId).Count);
        Assert.HasCount(2, new PosteriorStore(db.Database).Versions(patientId));
        Assert.HasCount(2, new RecommendationStore(db.Database).ForPatient(patientId));
        Assert.AreEqual(next.Recommendation.Recommendation, await twin.RecommendAsync());
        var conflict = third[2] with { DoseFraction = 0.5 };
        Assert.AreEqual(1, (await twin.ObserveAsync(ObservationBatch.Of("test", [conflict]))).Conflicts, "a different value for a stored cycle is refused");
    }

    public const string RedisVariable = "DTSMDRL_TEST_REDIS";

    [TestMethod]
    public async Task TwoServiceProcessesOnRedisMembershipTakeOverAKilledOnesGrains()
    {
        var redis = Environment.GetEnvironmentVariable(RedisVariable);
        if (string.IsNullOrWhiteSpace(redis))
            Assert.Inconclusive($"{RedisVariable} is not set: the multi-process cluster test is skipped (.ci/run starts a local Redis and sets it).");
        using var db = CopyOfTemplate();
        var settings = Settings(db);
        settings["Cluster:Enabled"] = "true";
        settings["Cluster:Membership"] = "redis";
        settings["Cluster:RedisConnectionString"] = redis;
        settings["Cluster:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..12];
        settings["Jobs:TickSeconds"] = "0.5";
        foreach (var job in new[] { JobNames.IngestOutcomes, JobNames.UpdateTwins, JobNames.RecommendBatch })
            (settings[$"Jobs:Schedules:{job}:Cron"], settings[$"Jobs:Schedules:{job}:Enabled"]) = ("0 0 1 1 *", "false");
        var (firstConfig, firstPort) = ServiceConfig(db, settings, "first");
        using var first = ChildHost.Start(firstConfig, "serve-jobs", "--cluster");
        using var second = ChildHost.Start(ServiceConfig(db, settings, "second").Path, "serve-jobs", "--cluster");
        Assert.IsTrue(ChildHost.WaitUntil(() => ActiveSilos(db, "first") == 2 && ActiveSilos(db, "second") == 2, TimeSpan.FromMinutes(2)),
            $"both silos joined\n{first.Text}\n{second.Text}");

        // The client: an Orleans client on the same membership, as `dtsmdrl jobs run` is with Cluster:Enabled.
        var builder = Hosting.DtSmdrlHostBuilder.Create(overrides: settings);
        Assert.IsTrue(ClusterHosting.AddClientIfEnabled(builder));
        using var client = builder.Build();
        await client.StartAsync();
        var fanOut = client.Services.GetRequiredService<PatientFanOut>();
        var patients = PatientIds(db.Database).Take(16).ToList();
        var before = new Dictionary<string, long>();
        foreach (var patientId in patients)
            before[patientId] = (await fanOut.Twin(patientId).RecommendBatchAsync()).Recommendation!.Id;
        var management = client.Services.GetRequiredService<IGrainFactory>().GetGrain<Orleans.Runtime.IManagementGrain>(0);
        var onFirst = 0;
        foreach (var patientId in patients)
            if ((await management.GetActivationAddress(fanOut.Twin(patientId)))?.Endpoint.Port == firstPort) onFirst++;
        Assert.IsGreaterThan(0, onFirst, "some twins live in the process about to be killed");

        first.Kill();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        foreach (var patientId in patients)
        {
            var answer = await fanOut.CallAsync("test", () => fanOut.Twin(patientId).RecommendAsync(), cancel.Token);
            Assert.AreEqual(before[patientId], answer?.Id, "the surviving process answers for every patient from the persisted state");
        }
        Assert.IsTrue(ChildHost.WaitUntil(() => ActiveSilos(db, "second") == 1, TimeSpan.FromMinutes(1)), "the membership declared the killed silo dead");
        Assert.AreEqual(patients.Count, (int)new RecommendationStore(db.Database).Count(), "no recommendation written twice");
        await client.StopAsync();
        second.Terminate();
        Assert.IsTrue(second.WaitForExit(TimeSpan.FromSeconds(60)), second.Text);
    }

    /// <summary>A `serve-jobs --cluster` configuration file for one process: the shared settings, its own ports and health file.</summary>
    private static (string Path, int SiloPort) ServiceConfig(TestDatabase db, Dictionary<string, string?> settings, string name)
    {
        var siloPort = FreePort();
        var own = new Dictionary<string, string?>(settings)
        {
            ["Cluster:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Jobs:InstanceName"] = name,
            ["Jobs:HealthFile"] = Path.Combine(db.Folder, $"{name}.health"),
        };
        // The flat "A:B:C" keys as the nested JSON a --config file holds.
        var root = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, value) in own)
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1]) node = (System.Text.Json.Nodes.JsonObject)(node[part] ??= new System.Text.Json.Nodes.JsonObject());
            node[parts[^1]] = value;
        }
        var path = Path.Combine(db.Folder, $"{name}.json");
        File.WriteAllText(path, root.ToJsonString());
        return (path, siloPort);
    }

    /// <summary>Active silos in a service's health file (0 until it shows a membership).</summary>
    private static int ActiveSilos(TestDatabase db, string name)
    {
        try
        {
            var health = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(db.Folder, $"{name}.health")));
            return health?["cluster"]?["active_silos"]?.GetValue<int>() ?? 0;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return 0;
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Dictionary<string, string?> Settings(TestDatabase db)
    {
        var settings = TestHost.Settings(db);
        settings["Engine:ModelFolder"] = Path.Combine(template?.Folder ?? db.Folder, "models");
        settings["Engine:MinimumPatientsPerRegimen"] = "10";
        settings["Engine:PosteriorSamples"] = "16";
        settings["Engine:PlanCycles"] = "2";
        settings["Twin:Particles"] = "32";
        settings["Cluster:CallTimeoutSeconds"] = TestClusters.CallTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Cluster:MaxConcurrentPatients"] = "8";
        return settings;
    }

    /// <summary>A new store with the template's contents (the model file stays in the template's folder).</summary>
    private static TestDatabase CopyOfTemplate()
    {
        template.Database.Read(c => c.Execute("PRAGMA wal_checkpoint(TRUNCATE)"));
        SqliteConnection.ClearAllPools();
        var copy = TestDatabase.Create("sqlite");
        File.Copy(Path.Combine(template.Folder, "store.db"), Path.Combine(copy.Folder, "store.db"));
        return copy;
    }

    private static List<string> PatientIds(Database database) =>
        database.Read(c => c.Query("SELECT patient_id FROM patients ORDER BY patient_id", r => r.GetString(0)));

    private static List<string> ObservationRows(Database database) =>
        database.Read(c => c.Query("SELECT id, patient_id, cycle, content_sha256 FROM observations ORDER BY id", r => $"{r.Long(0)}|{r.GetString(1)}|{r.Long(2)}|{r.GetString(3)}"));

    /// <summary>Posteriors and recommendations without their times and row ids, in a fixed order.</summary>
    private static (List<string> Posteriors, List<string> Recommendations) Contents(Database database) => database.Read(c => (
        c.Query("SELECT patient_id, version, last_observation_id, observation_count, cycles, posterior_json, summary_json FROM twin_posteriors ORDER BY patient_id, version",
            r => string.Join('|', Enumerable.Range(0, 7).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))),
        c.Query(
            """
            SELECT patient_id, source, model_version, posterior_version, plan_json, probabilities_json, response_probability,
                severe_toxicity_probability, cvar_cost, confidence, explanation_json, input_sha256
            FROM recommendations ORDER BY patient_id, model_version, posterior_version
            """,
            r => string.Join('|', Enumerable.Range(0, 12).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))))));

    private static async Task WaitFor(Func<bool> condition, Task job)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!condition())
        {
            if (job.IsCompleted) Assert.Fail("the job finished before the silo could be killed mid-job; slow it down (Jobs:StepDelayMilliseconds)");
            if (DateTime.UtcNow > deadline) Assert.Fail("the job made no progress");
            await Task.Delay(50);
        }
    }
}
