using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Benchmarks.Zhao;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Benchmarks.Zhao;

[TestClass]
public sealed class ZhaoVectorEnvTests
{
    private static readonly ZhaoChemotherapyModel Model = new();
    private static readonly int[] Sequence = [3, 7, 0, 10, 5, 2];

    [TestMethod]
    public void MatchesTheReferenceSimulatorForAFixedActionSequence()
    {
        var patients = ZhaoPatient.Cohort(300, seed: 11);
        var env = new ZhaoVectorEnv(patients.Length);
        var (obs, mask, rewards, costs, dones) = Buffers(env);
        env.ResetPatients(patients, obs, mask);
        var references = patients.Select(p => ReferenceSimulator.Run(Model, p.Parameters, Sequence, p.NoiseSeed)).ToArray();
        var finished = new bool[patients.Length];
        var actions = new int[patients.Length];

        for (var month = 0; month < Sequence.Length; month++)
        {
            actions.AsSpan().Fill(Sequence[month]);
            env.Step(actions, obs, rewards, costs, dones, mask);
            for (var i = 0; i < patients.Length; i++)
            {
                if (finished[i])
                    continue;
                var reference = references[i];
                var expected = reference.States[month + 1];
                Assert.AreEqual(expected[ZhaoChemotherapyModel.W], env.LastStates[2 * i], 0.0, $"patient {i} month {month + 1}: W");
                Assert.AreEqual(expected[ZhaoChemotherapyModel.M], env.LastStates[2 * i + 1], 0.0, $"patient {i} month {month + 1}: M");
                Assert.AreEqual((float)reference.Rewards[month], rewards[i], $"patient {i} month {month + 1}: reward");
                Assert.AreEqual((float)reference.Costs[month], costs[i], $"patient {i} month {month + 1}: cost");
                Assert.AreEqual(reference.DeathInterval == month, env.LastDied[i], $"patient {i} month {month + 1}: death");
                Assert.AreEqual(reference.DeathInterval == month || month == Sequence.Length - 1, dones[i], $"patient {i} month {month + 1}: done");
                finished[i] = dones[i];
                if (!dones[i])
                {
                    Assert.AreEqual((float)expected[ZhaoChemotherapyModel.W], obs[i * ZhaoVectorEnv.Features]);
                    Assert.AreEqual((float)expected[ZhaoChemotherapyModel.M], obs[i * ZhaoVectorEnv.Features + 1]);
                    Assert.AreEqual((month + 1) / 6f, obs[i * ZhaoVectorEnv.Features + 4]);
                }
            }
        }

        // Both branches were exercised: some patients died on the way, some completed the course.
        Assert.IsTrue(references.Any(r => r.DeathInterval >= 0) && references.Any(r => r.DeathInterval < 0), "the cohort should contain deaths and survivors");
        Assert.IsTrue(finished.All(f => f));
    }

    [TestMethod]
    public void IsDeterministicForASeed()
    {
        var first = Roll(seed: 5);
        var again = Roll(seed: 5);
        var other = Roll(seed: 6);
        CollectionAssert.AreEqual(first, again);
        CollectionAssert.AreNotEqual(first, other);
    }

    [TestMethod]
    public void StepDoesNotAllocate()
    {
        var env = new ZhaoVectorEnv(64);
        var (obs, mask, rewards, costs, dones) = Buffers(env);
        env.Reset(Enumerable.Range(0, 64).Select(i => (long)i).ToArray(), obs, mask);
        var actions = Enumerable.Range(0, 64).Select(i => i % 11).ToArray();
        // Warm-up over several episodes (auto-resets included): the JIT's tier-up and on-stack replacement of the
        // stepping loops may allocate on this thread the first times through, which is not the environment's doing.
        for (var step = 0; step < 100; step++)
            env.Step(actions, obs, rewards, costs, dones, mask);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var step = 0; step < 100; step++)
            env.Step(actions, obs, rewards, costs, dones, mask);
        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by 100 steps (with auto-resets)");
    }

    [TestMethod]
    public void DeathGivesMinusSixtyOnceAndEndsTheEpisode()
    {
        var patients = ZhaoPatient.Cohort(200, seed: 3);
        var env = new ZhaoVectorEnv(patients.Length);
        var (obs, mask, rewards, costs, dones) = Buffers(env);
        env.ResetPatients(patients, obs, mask);
        var fullDose = Enumerable.Repeat(10, patients.Length).ToArray();
        var alive = Enumerable.Repeat(true, patients.Length).ToArray();
        var deaths = 0;
        for (var month = 0; month < ZhaoVectorEnv.PublishedHorizon; month++)
        {
            env.Step(fullDose, obs, rewards, costs, dones, mask);
            for (var i = 0; i < patients.Length; i++)
            {
                if (!alive[i])
                    continue;
                if (env.LastDied[i])
                {
                    deaths++;
                    alive[i] = false;
                    Assert.AreEqual(-60f, rewards[i], $"patient {i}: death reward");
                    Assert.IsTrue(dones[i], $"patient {i}: death ends the episode");
                    Assert.AreEqual(0f, obs[i * ZhaoVectorEnv.Features + 4], $"patient {i}: the slot restarts at month 0 with a new patient");
                    Assert.AreNotEqual((float)patients[i].W0, obs[i * ZhaoVectorEnv.Features + 2], $"patient {i}: the slot holds a new patient");
                }
                else
                {
                    Assert.AreNotEqual(-60f, rewards[i]);
                    Assert.AreEqual(month == ZhaoVectorEnv.PublishedHorizon - 1, dones[i], $"patient {i} month {month + 1}: done only at the horizon");
                }
            }
        }
        Assert.IsGreaterThan(0, deaths, "full dose for six months should kill some of 200 patients");
        Assert.IsLessThan(patients.Length, deaths, "and not all of them");
    }

    [TestMethod]
    public void RewardScaleScalesOnlyTheReward()
    {
        var patients = ZhaoPatient.Cohort(50, seed: 8);
        var plain = new ZhaoVectorEnv(patients.Length);
        var scaled = new ZhaoVectorEnv(patients.Length, rewardScale: 0.05);
        var a = Buffers(plain);
        var b = Buffers(scaled);
        plain.ResetPatients(patients, a.Obs, a.Mask);
        scaled.ResetPatients(patients, b.Obs, b.Mask);
        var actions = Enumerable.Range(0, patients.Length).Select(i => i % 11).ToArray();
        var nonZero = 0;
        for (var month = 0; month < 3; month++)
        {
            plain.Step(actions, a.Obs, a.Rewards, a.Costs, a.Dones, a.Mask);
            scaled.Step(actions, b.Obs, b.Rewards, b.Costs, b.Dones, b.Mask);
            for (var i = 0; i < patients.Length; i++)
            {
                Assert.AreEqual(0.05 * a.Rewards[i], b.Rewards[i], 1e-6);
                nonZero += a.Rewards[i] != 0 ? 1 : 0;
            }
            CollectionAssert.AreEqual(a.Obs, b.Obs);
            CollectionAssert.AreEqual(a.Costs, b.Costs);
        }
        Assert.IsGreaterThan(0, nonZero);
    }

    [TestMethod]
    public void EvaluationOfAConstantDoseMatchesTheReferenceSimulator()
    {
        var patients = ZhaoPatient.Cohort(100, seed: 21);
        var result = ZhaoEvaluation.Run("dose 0.7", patients, ZhaoRegimens.ConstantDose(7));
        var sequence = Enumerable.Repeat(7, 6).ToArray();
        var references = patients.Select(p => ReferenceSimulator.Run(Model, p.Parameters, sequence, p.NoiseSeed)).ToArray();
        for (var i = 0; i < patients.Length; i++)
        {
            Assert.AreEqual(references[i].Rewards.Sum(), result.Rewards[i], 1e-9, $"patient {i}: total reward");
            Assert.AreEqual(references[i].DeathInterval < 0, result.Survived[i], $"patient {i}: survival");
        }
        Assert.AreEqual(references.Average(r => r.Rewards.Sum()), result.MeanReward, 1e-9);
        Assert.AreEqual(references.Count(r => r.DeathInterval < 0) / 100.0, result.Survival, 1e-12);
        Assert.AreEqual(references.Average(r => r.DeathInterval < 0 ? 6 : r.DeathInterval), result.MeanMonthsSurvived, 1e-12);
        Assert.AreEqual(references.Average(r => r.States[^1][ZhaoChemotherapyModel.W]), result.MeanFinalW, 1e-12);
        Assert.IsLessThan(result.MeanReward, result.RewardCiLow);
        Assert.IsGreaterThan(result.MeanReward, result.RewardCiHigh);
    }

    [TestMethod]
    public void ComparisonIsPairedOnTheSameCohort()
    {
        var patients = ZhaoPatient.Cohort(100, seed: 21);
        var low = ZhaoEvaluation.Run("dose 0.2", patients, ZhaoRegimens.ConstantDose(2));
        var high = ZhaoEvaluation.Run("dose 0.7", patients, ZhaoRegimens.ConstantDose(7));
        var comparison = ZhaoBenchmark.Compare(high, low);
        Assert.AreEqual(high.MeanReward - low.MeanReward, comparison.RewardDifference, 1e-9);
        Assert.AreEqual(high.Survival - low.Survival, comparison.SurvivalDifference, 1e-12);
        Assert.AreEqual(high.MeanReward > low.MeanReward, comparison.BeatsInReward);
        Assert.IsLessThan(comparison.RewardDifference, comparison.DifferenceCiLow);
        var other = ZhaoEvaluation.Run("dose 0.2", ZhaoPatient.Cohort(50, seed: 1), ZhaoRegimens.ConstantDose(2));
        Assert.ThrowsExactly<ArgumentException>(() => ZhaoBenchmark.Compare(high, other));
    }

    private static float[] Roll(long seed)
    {
        var env = new ZhaoVectorEnv(8);
        var (obs, mask, rewards, costs, dones) = Buffers(env);
        var seeds = Enumerable.Range(0, 8).Select(i => seed * 100 + i).ToArray();
        env.Reset(seeds, obs, mask);
        var rng = new AgentRandom(seed);
        var actions = new int[8];
        var trace = new List<float>(obs);
        for (var step = 0; step < 40; step++)
        {
            for (var i = 0; i < actions.Length; i++)
                actions[i] = rng.NextInt(env.ActionCount);
            env.Step(actions, obs, rewards, costs, dones, mask);
            trace.AddRange(obs);
            trace.AddRange(rewards);
            trace.AddRange(costs);
            trace.AddRange(dones.Select(d => d ? 1f : 0f));
        }
        return [.. trace];
    }

    private static (float[] Obs, bool[] Mask, float[] Rewards, float[] Costs, bool[] Dones) Buffers(ZhaoVectorEnv env) =>
        (new float[env.NumEnvs * env.ObservationSize], new bool[env.NumEnvs * env.ActionCount], new float[env.NumEnvs], new float[env.NumEnvs], new bool[env.NumEnvs]);
}
