using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Plugins.BuiltIn.Explainers.Global;
using DtSmdrl.Plugins.BuiltIn.Explainers.Models;

namespace DtSmdrl.Plugins.Tests.Explainers;

[TestClass]
public sealed class DtSmdrlPolicyImportanceTests
{
    private static readonly DtSmdrlArmOptions Tiny = new()
    {
        TwinsPerPatient = 2,
        Environment = new TwinEnvironmentOptions { Cycles = 2, FollowUpDay = 0 },
        Meta = new MetaPpoOptions
        {
            Iterations = 1, TasksPerIteration = 2, InnerUpdates = 1, NormalizerWarmupSteps = 4, EvaluationEpisodes = 1,
            Inner = new PpoOptions { NumSteps = 4, TotalSteps = 8, AnnealLearningRate = false, HiddenSize = 8 },
        },
    };

    [TestMethod]
    public void EveryTreatmentGetsOneFiniteImportancePerContextFeatureAndTheSeedRepeatsIt()
    {
        var records = new SyntheticCohortGenerator(new CohortOptions { Size = 9, Seed = 3 }).Generate().Select(p => p.Observed).ToList();
        var patients = records.Select((r, i) => new StudyPatient($"p{i}", CohortSplit.Test, r, GuidelineBiomarkers.From(r))).ToList();
        var train = patients.Take(5).ToList();
        var test = patients.Skip(5).ToList();
        var method = new DtSmdrlMethod(Tiny);
        method.Fit(new StudyData(train, [], [], []), seed: 1);
        var options = new GlobalImportanceOptions(Patients: 3, BackgroundPatients: 2, Samples: 32);

        var table = DtSmdrlPolicyImportance.Compute(method, test, train, seed: 4, options);
        var treatments = Tiny.Environment.Simulation.Actions.Select(a => a.Name).Where(n => n != "hold").ToList();
        Assert.HasCount(treatments.Count * PolicyExplainableModel.Features.Count, table);
        CollectionAssert.AreEqual(treatments, table.Select(r => r.Regimen).Distinct().ToList());
        Assert.IsTrue(table.All(r => r.Method == "DT-SMDRL" && double.IsFinite(r.Importance) && r.Importance >= 0));
        CollectionAssert.AreEqual(table.ToArray(), DtSmdrlPolicyImportance.Compute(method, test, train, seed: 4, options).ToArray());
    }

    [TestMethod]
    public void AnUnfittedMethodIsRejected() =>
        Assert.ThrowsExactly<InvalidOperationException>(() => DtSmdrlPolicyImportance.Compute(new DtSmdrlMethod(Tiny), [], [], seed: 1));
}
