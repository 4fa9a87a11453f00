using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Tests.Twin;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Tests.Env;

[TestClass]
public sealed class TwinEnvironmentTests
{
    [TestMethod]
    public void SamePatientAndSeedGiveTheSameEpisode()
    {
        var patient = NsclcParameters.Typical with { Responder = 1, KT = 0.05 };
        string[] plan = ["chemo_immuno", "chemo_immuno", "immuno", "targeted", "hold", "chemo_reduced", "immuno", "immuno"];

        List<(double[] Obs, double Reward, double Cost, bool Done)> Run(ulong seed)
        {
            var env = new TwinEnvironment();
            var steps = new List<(double[], double, double, bool)> { (env.Reset(patient, seed), 0, 0, false) };
            foreach (var action in plan)
            {
                var result = env.Step(action);
                steps.Add((result.Observation, result.Reward, result.Cost, result.Done));
                if (result.Done)
                {
                    break;
                }
            }

            return steps;
        }

        var first = Run(7);
        var second = Run(7);
        var other = Run(8);
        Assert.HasCount(first.Count, second);
        for (var k = 0; k < first.Count; k++)
        {
            CollectionAssert.AreEqual(first[k].Obs, second[k].Obs, $"observation {k}");
            Assert.AreEqual(first[k].Reward, second[k].Reward);
            Assert.AreEqual(first[k].Cost, second[k].Cost);
            Assert.AreEqual(first[k].Done, second[k].Done);
        }

        Assert.AreNotEqual(first[0].Obs[TwinObservation.LatestSld], other[0].Obs[TwinObservation.LatestSld], "another seed, another baseline scan noise");
        Assert.IsTrue(first[^1].Done, "the episode ends after the last cycle");
    }

    [TestMethod]
    public void ObservationCarriesCycleDosesAndToxicity()
    {
        var env = new TwinEnvironment();
        var obs = env.Reset(NsclcParameters.Typical, 3);
        Assert.AreEqual(0.0, obs[TwinObservation.CycleIndex]);
        var step = env.Step("chemo_full");
        Assert.AreEqual(1.0, step.Observation[TwinObservation.CycleIndex]);
        Assert.AreEqual(1.0, step.Observation[TwinObservation.CumulativeChemotherapy]);
        Assert.AreEqual(0.0, step.Observation[TwinObservation.CumulativeImmunotherapy]);
        Assert.IsGreaterThanOrEqualTo(2.0, step.Observation[TwinObservation.NeutropeniaGrade], "docetaxel gives at least grade 2 neutropenia in the typical patient");
        Assert.AreEqual(21, step.Info.Day);
        Assert.HasCount(NsclcState.Count, step.Info.TrueState);
    }

    [TestMethod]
    public void BatchedStepDoesNotAllocate()
    {
        const int patients = 64;
        var env = new BatchedTwinEnvironment(patients, new TwinEnvironmentOptions { Cycles = 40, FollowUpDay = 0 });
        var parameters = BatchSimulatorTests.VariedPatients(patients, 9);
        var seeds = Enumerable.Range(0, patients).Select(i => (ulong)i).ToArray();
        var observations = new double[patients * env.ObservationSize];
        var rewards = new double[patients];
        var costs = new double[patients];
        var dones = new bool[patients];
        var actions = new int[patients];
        env.Reset(parameters, seeds, observations);
        env.Step(actions, observations, rewards, costs, dones); // warm-up (JIT)

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 30; k++)
        {
            for (var i = 0; i < patients; i++)
            {
                actions[i] = (i + k) % env.Actions.Count;
            }

            env.Step(actions, observations, rewards, costs, dones);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(0L, allocated, "bytes allocated by 30 batched steps");
    }

    [TestMethod]
    public void LastStepRunsTheFollowUpAndEndsTheEpisode()
    {
        var env = new BatchedTwinEnvironment(2, new TwinEnvironmentOptions { Cycles = 2, FollowUpDay = 364 });
        var obs = new double[2 * env.ObservationSize];
        var rewards = new double[2];
        var costs = new double[2];
        var dones = new bool[2];
        env.Reset([NsclcParameters.Typical, NsclcParameters.Typical], [1UL, 2UL], obs);
        env.Step([1, 0], obs, rewards, costs, dones);
        Assert.IsFalse(dones[0] && dones[1]);
        env.Step([1, 0], obs, rewards, costs, dones);
        Assert.IsTrue(dones[0] && dones[1]);
        Assert.AreEqual(364, env.Simulator.Day);
        Assert.ThrowsExactly<InvalidOperationException>(() => env.Step([0, 0], obs, rewards, costs, dones));
    }
}
