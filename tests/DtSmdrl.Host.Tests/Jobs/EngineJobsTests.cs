using System.Text.Json;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Cohort;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Tests.Jobs;

/// <summary>train -> recommend-batch -> simulated feedback -> update-twins -> recommend-batch -> retrain, against each store.</summary>
[TestClass]
public sealed class EngineJobsTests
{
    private static string cohort = "";

    [ClassInitialize]
    public static void MakeCohort(TestContext _) => cohort = TestCohorts.Write();

    [ClassCleanup]
    public static void RemoveCohort() => Directory.Delete(cohort, recursive: true);

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void JobsRunTheClosedLoopEndToEnd(string provider)
    {
        using var db = TestDatabase.Create(provider);
        using var host = TestHost.Create(db, new()
        {
            ["Engine:CohortFolder"] = cohort, ["Engine:MinimumPatientsPerRegimen"] = "10", ["Engine:PosteriorSamples"] = "32", ["Engine:PlanCycles"] = "2",
        });
        var database = host.Services.GetRequiredService<Database>();
        var runner = host.Services.GetRequiredService<JobRunner>();
        var loaded = CohortFolder.Load(cohort);
        var patients = loaded.InSplit(Pipeline.Study.CohortSplit.Test).Take(3).ToList();
        database.Write(t => patients.ForEach(p => PatientStore.Upsert(t, p.Observed, database.NowMs)));

        Assert.AreEqual(JobRunStatus.Failed, runner.Run(JobNames.RecommendBatch).Status, "no model yet");
        StringAssert.Contains(new JobRunStore(database).Recent(1)[0].Error, "dtsmdrl train");
        var first = host.Services.GetRequiredService<ModelRegistry>().Train(cohort, alwaysPromote: true);
        Assert.IsTrue(first.Promoted);

        Assert.AreEqual(JobRunStatus.Succeeded, runner.Run(JobNames.RecommendBatch).Status);
        var recommendations = new RecommendationStore(database);
        Assert.AreEqual(3L, recommendations.Count());
        runner.Run(JobNames.RecommendBatch);
        Assert.AreEqual(3L, recommendations.Count(), "nothing due: no duplicate recommendations");
        var before = recommendations.ForPatient(patients[0].Id).Single();
        Assert.IsNull(before.PosteriorVersion);
        Assert.IsTrue(before.Confidence is >= 0 and <= 1 && before.ResponseProbability is >= 0 and <= 1);

        var plan = JsonDocument.Parse(before.PlanJson).RootElement.EnumerateArray().Select(e => e.GetProperty("regimen").GetString()!).ToList();
        var truth = TruthFeedback.ReadTruth(cohort, patients[0].Id);
        var outcomes = TruthFeedback.Simulate(truth, patients[0].Observed, plan, loaded.Manifest.Options.StartDate);
        database.Write(t => outcomes.ToList().ForEach(o => ObservationStore.Insert(t, o, "test", database.NowMs)));

        var update = runner.Run(JobNames.UpdateTwins);
        Assert.AreEqual(JobRunStatus.Succeeded, update.Status, update.Message);
        var posterior = new PosteriorStore(database).Latest(patients[0].Id)!;
        Assert.AreEqual((1, outcomes.Count), (posterior.Version, posterior.Cycles));
        runner.Run(JobNames.UpdateTwins);
        Assert.AreEqual(1L, new PosteriorStore(database).Count(), "no new observations, no new version");

        runner.Run(JobNames.RecommendBatch);
        var after = recommendations.ForPatient(patients[0].Id);
        Assert.AreEqual(2, after.Count, "due again after its posterior changed");
        Assert.AreEqual(1, after[^1].PosteriorVersion);
        Assert.AreEqual(outcomes.Count + 1, JsonDocument.Parse(after[^1].PlanJson).RootElement[0].GetProperty("cycle").GetInt32(), "the plan continues after the observed cycles");
        Assert.AreEqual(4L, recommendations.Count());

        // A training-split patient's newer outcomes (with a scan) join the retraining data; held-out patients never do.
        var trainee = loaded.InSplit(Pipeline.Study.CohortSplit.Train)[0];
        database.Write(t => PatientStore.Upsert(t, trainee.Observed, database.NowMs));
        var traineeOutcomes = TruthFeedback.Simulate(TruthFeedback.ReadTruth(cohort, trainee.Id), trainee.Observed, ["immuno", "immuno"], loaded.Manifest.Options.StartDate);
        database.Write(t => traineeOutcomes.ToList().ForEach(o => ObservationStore.Insert(t, o, "test", database.NowMs)));

        var retrain = runner.Run(JobNames.Retrain);
        Assert.AreEqual(JobRunStatus.Succeeded, retrain.Status, retrain.Message);
        StringAssert.Contains(retrain.Message, "promoted: held-out Brier");
        var models = new ModelStore(database).All();
        Assert.AreEqual(2, models[0].Version);
        StringAssert.Contains(models[0].Decision, "vs current v1");
        var metrics = JsonDocument.Parse(models[0].MetricsJson).RootElement;
        Assert.AreEqual(1, metrics.GetProperty("stored_courses").GetInt32(), models[0].MetricsJson);
        var notWorse = metrics.GetProperty("held_out_brier").GetDouble() <= metrics.GetProperty("compared_brier").GetDouble() + metrics.GetProperty("promotion_margin").GetDouble();
        Assert.AreEqual(notWorse ? ModelStatus.Promoted : ModelStatus.Rejected, models[0].Status, models[0].Decision);
        Assert.AreEqual(notWorse ? 2 : 1, new ModelStore(database).Current()!.Version, "the current model is the newest promoted one");

        // A schema-valid record outside the training range is refused with the reason, not guessed for; the batch goes on.
        var range = TrainingRange.FromManifest(new ModelStore(database).Current()!.ManifestJson)!;
        var (volumeMin, volumeMax) = range.Fields["imaging.radiomics.volume_ml"];
        Assert.IsTrue(volumeMin >= 0 && volumeMax < 20000, $"{volumeMin}-{volumeMax}");
        var imaged = loaded.InSplit(Pipeline.Study.CohortSplit.Test).First(p => p.Observed.Imaging is not null).Observed;
        var outlier = imaged with
        {
            PatientId = "OUT0001",
            Imaging = imaged.Imaging! with { Radiomics = new Dictionary<string, double>(imaged.Imaging!.Radiomics) { ["volume_ml"] = 34900 } },
        };
        database.Write(t => PatientStore.Upsert(t, outlier, database.NowMs));
        var refusal = Assert.ThrowsExactly<RecommendationRefusedException>(() => host.Services.GetRequiredService<Recommender>().Recommend("OUT0001"));
        StringAssert.Contains(refusal.Message, "imaging.radiomics.volume_ml (trained on");
        var count = recommendations.Count();
        var batch = runner.Run(JobNames.RecommendBatch);
        Assert.AreEqual(JobRunStatus.SucceededWithWarnings, batch.Status, batch.Message);
        StringAssert.Contains(batch.Message, "1 refused (inputs outside the training range)");
        Assert.IsEmpty(recommendations.ForPatient("OUT0001"));
        Assert.IsGreaterThanOrEqualTo(count, recommendations.Count());
    }

    [TestMethod]
    public void TrainingRangeRoundTripsThroughTheManifestAndOldManifestsHaveNone()
    {
        var records = new SyntheticCohortGenerator(new CohortOptions { Size = 30, Seed = 2 }).Generate().Select(p => p.Observed).ToList();
        var range = TrainingRange.Of(records);
        var manifest = range.AddTo("""{"format":"x"}""");
        var loaded = TrainingRange.FromManifest(manifest)!;
        CollectionAssert.AreEquivalent(range.Fields.ToList(), loaded.Fields.ToList());
        StringAssert.Contains(manifest, "\"format\":\"x\"");
        Assert.IsNull(TrainingRange.FromManifest("""{"format":"x"}"""), "a model registered before ranges is not checked");
        Assert.IsTrue(records.All(r => loaded.Refusal(r, margin: 0) is null), "every training record is inside its own range");
        var (ageMin, ageMax) = loaded.Fields["clinical.age_years"];
        var someone = records.First(r => r.Clinical is not null);
        var old = someone with { Clinical = someone.Clinical! with { AgeYears = ageMax + 0.5 * (ageMax - ageMin) } };
        StringAssert.Contains(loaded.Refusal(old, margin: 0.25), "clinical.age_years (trained on");
        Assert.IsNull(loaded.Refusal(old, margin: 0.6), "within the margin");
    }

    [TestMethod]
    public void PromotionNeedsTheCandidateNotWorseThanTheMargin()
    {
        var current = new HeldOutEvaluation(0.200, 50, 100);
        Assert.IsTrue(PromotionRule.Decide(new HeldOutEvaluation(0.204, 50, 100), 3, current, 0.005).Promote);
        var (promote, decision) = PromotionRule.Decide(new HeldOutEvaluation(0.206, 50, 100), 3, current, 0.005);
        Assert.IsFalse(promote);
        StringAssert.Contains(decision, "not promoted: held-out Brier 0.2060 vs current v3 0.2000 (margin 0.0050");
    }
}
