using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

/// <summary>Running inner loops and patients' adaptations on several threads must not change a single number.</summary>
[TestClass]
public sealed class DtSmdrlWorkersTests
{
    private static DtSmdrlArmOptions Tiny(int workers) => new()
    {
        TwinsPerPatient = 2,
        ForecastSamples = 3,
        AdaptationUpdates = 1,
        Workers = workers,
        Environment = new TwinEnvironmentOptions { Cycles = 4, FollowUpDay = 0 },
        // The warm start's Twin-MPC episodes run on the workers too.
        Imitation = new ImitationOptions { Patients = 4, Cloning = new BehaviourCloningOptions { Epochs = 3 } },
        Meta = new MetaPpoOptions
        {
            Iterations = 2, TasksPerIteration = 3, InnerUpdates = 1, NormalizerWarmupSteps = 4, EvaluationEpisodes = 1,
            Inner = new PpoOptions { NumSteps = 8, TotalSteps = 16, AnnealLearningRate = false, HiddenSize = 16, UseCostConstraint = true, CostMeasure = CostMeasure.Cvar },
        },
    };

    [TestMethod]
    public void FitAndPrepareGiveTheSameResultsWithOneOrTwoWorkers()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-workers-" + Guid.NewGuid().ToString("N"));
        try
        {
            CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 40, Seed = 5 }));
            var cohort = CohortFolder.Load(folder);
            var test = cohort.InSplit(CohortSplit.Test).Take(5).ToList();

            (float[] Weights, double[] Stated, float[] First) Run(int workers)
            {
                var method = new DtSmdrlMethod(Tiny(workers));
                method.Fit(cohort.TrainingData(), seed: 4);
                var plan = method.Prepare(test);
                return (method.Initialization!.Weights.Values.SelectMany(v => v).ToArray(), plan.StatedResponseProbability,
                    method.LastPolicies!.FirstDecisionProbabilities.Count == 0 ? [] : PlayFirstDecision(plan, cohort.TruthOf(test)));
            }

            var one = Run(1);
            var two = Run(2);
            CollectionAssert.AreEqual(one.Weights, two.Weights);
            CollectionAssert.AreEqual(one.Stated, two.Stated);
            CollectionAssert.AreEqual(one.First, two.First);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    // Runs the plan on the true twins and returns every patient's first-decision probabilities, flattened.
    private static float[] PlayFirstDecision(MethodPlan plan, IReadOnlyList<EvaluationTruth> truth)
    {
        var runner = new EpisodeRunner(Tiny(1).Environment);
        runner.RunReplicates(plan.Policy, truth, replicates: 1);
        return ((AdaptedPolicySet)plan.Policy).FirstDecisionProbabilities.SelectMany(p => p).ToArray();
    }
}
