using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Cohort;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Tests.Web;

/// <summary>
/// A small clinic for the web tests: a synthetic cohort, a trained and promoted model, four held-out patients in
/// the store, one of them ("treated") with two cycles of outcomes from its true twin and an updated twin posterior.
/// Built once per test class (training takes most of the time).
/// </summary>
public sealed class ClinicFixture : IAsyncDisposable
{
    private ClinicFixture(string cohort, TestDatabase db, TestWebHost web, IReadOnlyList<string> patients, string treated)
    {
        Cohort = cohort;
        Db = db;
        Web = web;
        Patients = patients;
        Treated = treated;
    }

    public string Cohort { get; }

    public TestDatabase Db { get; }

    public TestWebHost Web { get; }

    public Database Database => Db.Database;

    /// <summary>Patients in the store, in id order.</summary>
    public IReadOnlyList<string> Patients { get; }

    /// <summary>The patient with two observed cycles.</summary>
    public string Treated { get; }

    /// <summary>A patient with no outcome yet (its twin is the prior).</summary>
    public string Untreated => Patients.First(p => p != Treated);

    public static async Task<ClinicFixture> CreateAsync()
    {
        var cohort = TestCohorts.Write("web-cohort-");
        var db = TestDatabase.Create("sqlite");
        var web = await TestWebHost.StartAsync(db, new()
        {
            ["Engine:CohortFolder"] = cohort, ["Engine:MinimumPatientsPerRegimen"] = "10", ["Engine:PosteriorSamples"] = "32", ["Engine:PlanCycles"] = "2",
        });
        var services = web.App.Services;
        var database = services.GetRequiredService<Database>();
        services.GetRequiredService<ModelRegistry>().Train(cohort, alwaysPromote: true);
        var loaded = CohortFolder.Load(cohort);
        var patients = loaded.InSplit(Pipeline.Study.CohortSplit.Test).Where(p => p.Observed.Imaging is not null).Take(4).ToList();
        database.Write(t => patients.ForEach(p => PatientStore.Upsert(t, p.Observed, database.NowMs)));

        var treated = patients[0];
        var outcomes = TruthFeedback.Simulate(TruthFeedback.ReadTruth(cohort, treated.Id), treated.Observed, ["chemo_full", "chemo_full"], loaded.Manifest.Options.StartDate);
        database.Write(t => outcomes.ToList().ForEach(o => ObservationStore.Insert(t, o, "test", database.NowMs)));
        UpdateTwinsJob.UpdatePatient(database, new TwinUpdater(services.GetRequiredService<IOptions<TwinUpdateOptions>>().Value), treated.Id);
        // As the scheduled jobs leave it: a batch recommendation for every patient (the pages reuse them).
        var batch = services.GetRequiredService<JobRunner>().Run(JobNames.RecommendBatch);
        Assert.IsTrue(batch.Succeeded, batch.Message);
        return new ClinicFixture(cohort, db, web, patients.Select(p => p.Id).Order(StringComparer.Ordinal).ToList(), treated.Id);
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        Db.Dispose();
        Directory.Delete(Cohort, recursive: true);
    }
}
