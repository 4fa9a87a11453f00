using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

/// <summary>
/// The ablation "without in-course updates" must be the DT-SMDRL of before the in-course belief: the decisions below were
/// recorded from commit f69c55b (main before the belief) with these tiny settings. The stated probabilities were too, until
/// they moved to samples and dice of their own (<see cref="DtSmdrlArmOptions.StatedResponseSamples"/>, 2026-12-03), which by
/// design left every decision as it was.
/// </summary>
[TestClass]
public sealed class InCourseBeliefAblationTests
{
    internal static DtSmdrlArmOptions Tiny() => new()
    {
        TwinsPerPatient = 2,
        ForecastSamples = 3,
        AdaptationUpdates = 1,
        Environment = new TwinEnvironmentOptions { Cycles = 4, FollowUpDay = 0 },
        Meta = new MetaPpoOptions
        {
            Iterations = 2, TasksPerIteration = 3, InnerUpdates = 1, NormalizerWarmupSteps = 4, EvaluationEpisodes = 1,
            Inner = new PpoOptions { NumSteps = 8, TotalSteps = 16, AnnealLearningRate = false, HiddenSize = 16, UseCostConstraint = true, CostMeasure = CostMeasure.Cvar },
        },
        ShieldThreshold = 0.05,
        // The agent of f69c55b had no imitation warm start (and the belief-reading policy cannot have one yet).
        Imitation = null,
    };

    internal static (string Actions, double[] Stated) Play(DtSmdrlArmOptions options, int cohortSeed = 5)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-belief-ablation-" + Guid.NewGuid().ToString("N"));
        try
        {
            CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 40, Seed = cohortSeed }));
            var cohort = CohortFolder.Load(folder);
            var test = cohort.InSplit(CohortSplit.Test).Take(6).ToList();
            var method = new DtSmdrlMethod(options);
            method.Fit(cohort.TrainingData(), seed: 4);
            var plan = method.Prepare(test);
            var records = new EpisodeRunner(options.Environment).RunReplicates(plan.Policy, cohort.TruthOf(test), replicates: 2);
            return (string.Join(";", records.Select(r => string.Join(",", r.Actions))), plan.StatedResponseProbability);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    private const string TodaysActions = "3,3,2,2;3,0,0,0;0,0,0,0;0,0,0,0;3,3,0,0;3,3,3,0;3,3,2,2;3,0,0,0;0,0,0,0;0,0,0,0;3,0,0,0;3,3,3,0";

    [TestMethod]
    public void WithoutInCourseUpdatesTheDecisionsAreTodays()
    {
        var options = Tiny() with { InCourseBelief = false, CalibrateStatedResponse = false };
        var (actions, stated) = Play(options);
        Assert.AreEqual(TodaysActions, actions);
        // Uncalibrated, each statement is a share of the stated rollouts.
        foreach (var p in stated)
            Assert.AreEqual(Math.Round(p * options.StatedResponseSamples), p * options.StatedResponseSamples, 1e-9, $"stated {p}");
    }

    [TestMethod]
    public void TheBeliefConditionedAgentTrainsAndDecidesDeterministically()
    {
        var options = Tiny() with { InCourseBelief = true, Belief = new DtSmdrl.Pipeline.Twin.Inference.ParticleBeliefOptions { Particles = 8 } };
        var first = Play(options);
        var second = Play(options);
        Assert.AreEqual(first.Actions, second.Actions);
        CollectionAssert.AreEqual(first.Stated, second.Stated);
        Assert.AreEqual(12, first.Actions.Split(';').Length);
    }

    [TestMethod]
    public void WithBeliefInputThePolicyReadsTheSummaryAndWithoutItTheLayoutIsTodays()
    {
        var patient = TinyAgent.Patients(Tiny())[0];
        var withParticles = patient with { BeliefParticles = patient.Twins };
        var summary = DtSmdrl.Pipeline.Twin.Inference.BatchedTwinBelief.SummarySize;
        Assert.AreEqual(AgentObservation.Size(patient.Context.Length) + summary,
            PolicyInitialiser.Shape(withParticles, Tiny() with { InCourseBelief = true }).ObservationSize);
        Assert.AreEqual(AgentObservation.Size(patient.Context.Length),
            PolicyInitialiser.Shape(withParticles, Tiny() with { InCourseBelief = true, BeliefInput = false }).ObservationSize);
        var env = (TwinVectorEnv)withParticles.ToTask(Tiny().Environment, new DtSmdrl.Pipeline.Twin.Inference.ParticleBeliefOptions { Particles = 2 }, beliefInput: true).CreateEnvironment();
        Assert.AreEqual(AgentObservation.Size(patient.Context.Length) + summary, env.ObservationSize);
        var obs = new float[env.NumEnvs * env.ObservationSize];
        env.Reset([1, 2], obs, new bool[env.NumEnvs * env.ActionCount]);
        // P(responder) of the belief is the first summary value, right after the context.
        var responder = obs[AgentObservation.Size(patient.Context.Length)];
        Assert.IsTrue(responder is >= 0 and <= 1, $"P(responder) = {responder}");
    }
}
