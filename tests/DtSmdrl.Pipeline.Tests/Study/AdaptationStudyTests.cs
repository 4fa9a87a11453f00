using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;

namespace DtSmdrl.Pipeline.Tests.Study;

/// <summary>The adaptation measurement on the version-2 types: truth passed apart, values in Q-TWiST days over the replicates.</summary>
[TestClass]
public sealed class AdaptationStudyTests
{
    private static readonly TwinEnvironmentOptions Environment = new() { Cycles = 2, FollowUpDay = 63 };

    private static readonly DtSmdrlArmOptions Tiny = new()
    {
        TwinsPerPatient = 2,
        AdaptationUpdates = 1,
        ForecastSamples = 4,
        Environment = Environment,
        Meta = new MetaPpoOptions
        {
            Iterations = 1, TasksPerIteration = 2, InnerUpdates = 1, NormalizerWarmupSteps = 4, EvaluationEpisodes = 1,
            Inner = new PpoOptions { NumSteps = 4, TotalSteps = 8, AnnealLearningRate = false, HiddenSize = 8 },
        },
    };

    [TestMethod]
    public void CurvesAreInDaysAgainstTheSameVStarAndRepeatForTheSameSeed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-adaptation-" + Guid.NewGuid().ToString("N"));
        try
        {
            CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 30, Seed = 4 }));
            var cohort = CohortFolder.Load(folder);
            var test = cohort.InSplit(CohortSplit.Test).Take(2).ToList();
            var truth = cohort.TruthOf(test);
            var library = new PlanLibrary(Environment.Simulation.Actions, Environment.Cycles);
            var planner = new PerfectInformationPlanner(library, Environment, 4, 2, [QtwistUtility.Default]);
            var perfect = truth.Select(t => planner.Solve(t).For(QtwistUtility.Default)).ToList();
            var method = new DtSmdrlMethod(Tiny);
            method.Fit(cohort.TrainingData(), seed: 3);
            var options = new AdaptationOptions { Patients = 2, MaxUpdates = 1 };

            var curves = AdaptationStudy.Run(method, 3, cohort.TrainingData(), test, truth, perfect, replicates: 2, options);
            // One curve per (initialisation, patient), against that patient's V*; values are Q-TWiST days within the follow-up.
            Assert.HasCount(Enum.GetValues<InitialisationKind>().Length * test.Count, curves);
            foreach (var curve in curves)
            {
                var index = test.FindIndex(p => p.Id == curve.PatientId);
                Assert.AreEqual(perfect[index].Value, curve.OracleValue);
                Assert.IsTrue(curve.Values.All(v => v is >= 0 and <= 63), $"{curve.PatientId}: {string.Join(", ", curve.Values)}");
            }
            var again = AdaptationStudy.Run(method, 3, cohort.TrainingData(), test, truth, perfect, replicates: 2, options);
            CollectionAssert.AreEqual(curves.SelectMany(c => c.Values).ToArray(), again.SelectMany(c => c.Values).ToArray());

            Assert.ThrowsExactly<ArgumentException>(() => AdaptationStudy.Run(method, 3, cohort.TrainingData(), test, truth.Reverse().ToList(), perfect, 2, options));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }
}
