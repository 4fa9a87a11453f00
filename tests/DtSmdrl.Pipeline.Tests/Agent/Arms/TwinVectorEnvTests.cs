using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

[TestClass]
public sealed class TwinVectorEnvTests
{
    private static TwinVectorEnv Create(int envs = 4) =>
        new(envs, [NsclcParameters.Typical, NsclcParameters.Typical with { KT = 0.08 }], [[0.5f, 1f], [0.25f, 0f]],
            new TwinEnvironmentOptions { Cycles = 8, FollowUpDay = 0 });

    [TestMethod]
    public void EpisodesAutoResetAfterTheHorizonAndCarryTheirContext()
    {
        var env = Create();
        var obs = new float[env.NumEnvs * env.ObservationSize];
        var mask = new bool[env.NumEnvs * env.ActionCount];
        var rewards = new float[env.NumEnvs];
        var costs = new float[env.NumEnvs];
        var dones = new bool[env.NumEnvs];
        env.Reset([5, 6, 7, 8], obs, mask);
        Assert.AreEqual(TwinObservation.Size + 1 + 2, env.ObservationSize);
        var holds = new int[env.NumEnvs];
        for (var step = 1; step <= 8; step++)
        {
            env.Step(holds, obs, rewards, costs, dones, mask);
            Assert.AreEqual(step == 8, dones.All(d => d), $"step {step}");
        }
        // After the auto-reset every slot starts at cycle 0 with its twin's context appended.
        for (var i = 0; i < env.NumEnvs; i++)
        {
            var row = obs.AsSpan(i * env.ObservationSize, env.ObservationSize);
            Assert.AreEqual(0f, row[TwinObservation.CycleIndex]);
            Assert.AreEqual(1f, row[TwinObservation.Size], "alive flag");
            var expected = env.CurrentTwins[i] == 0 ? new[] { 0.5f, 1f } : new[] { 0.25f, 0f };
            CollectionAssert.AreEqual(expected, row[(TwinObservation.Size + 1)..].ToArray());
        }
    }

    [TestMethod]
    public void ChemotherapyIsMaskedAfterSixCycles()
    {
        var env = Create(1);
        var obs = new float[env.ObservationSize];
        var mask = new bool[env.ActionCount];
        var chemo = ActionSet.NsclcDefault.IndexOf("chemo_full");
        env.Reset([1], obs, mask);
        var r = new float[1];
        var c = new float[1];
        var d = new bool[1];
        for (var step = 0; step < 6; step++)
        {
            Assert.IsTrue(mask[chemo], $"chemo allowed at cycle {step}");
            env.Step([chemo], obs, r, c, d, mask);
        }
        Assert.IsFalse(mask[chemo]);
        Assert.IsFalse(mask[ActionSet.NsclcDefault.IndexOf("chemo_immuno")]);
        Assert.IsTrue(mask[0] && mask[ActionSet.NsclcDefault.IndexOf("immuno")]);
    }

    [TestMethod]
    public void PpoImprovesOnTheTwinWithinAFewUpdates()
    {
        DtSmdrl.Pipeline.Torch.TorchSetup.Configure(3, 1);
        // An EGFR-mutant twin followed to day 364: the kinase inhibitor keeps it progression-free and alive
        // (more quality-adjusted days), chemotherapy costs toxicity days, holding lets it progress; a random
        // policy is far from always-TKI. PPO must close at least half of that gap.
        var twin = NsclcParameters.Typical with { KT = 0.1 };
        var options = new TwinEnvironmentOptions { Cycles = 4, FollowUpDay = 364 };
        var alwaysTki = FixedPlanReturn(twin, options, ActionSet.NsclcDefault.IndexOf("targeted"));
        var env = new TwinVectorEnv(16, [twin], [[]], options);
        using var ppo = new Ppo(env, new PpoOptions { Seed = 3, TotalSteps = 16 * 16 * 30, NumSteps = 16, UseCostConstraint = false, LearningRate = 3e-3 });
        var first = ppo.RunUpdate().MeanEpisodeReturn;
        PpoProgress last = null!;
        while (ppo.CompletedUpdates < ppo.TotalUpdates) last = ppo.RunUpdate();
        Assert.IsTrue(last.MeanEpisodeReturn > first + 0.5 * (alwaysTki - first),
            $"return {first:F3} -> {last.MeanEpisodeReturn:F3} quality-adjusted years (always TKI {alwaysTki:F3})");
    }

    [TestMethod]
    public void RewardIsTheTwinsQualityAdjustedDaysInYears()
    {
        var twin = NsclcParameters.Typical;
        var options = new TwinEnvironmentOptions { Cycles = 2, FollowUpDay = 0 };
        var env = new TwinVectorEnv(1, [twin], [[]], options);
        var obs = new float[env.ObservationSize];
        var mask = new bool[env.ActionCount];
        var r = new float[1];
        var c = new float[1];
        var d = new bool[1];
        env.Reset([1], obs, mask);
        env.Step([0], obs, r, c, d, mask);
        // The typical twin on hold: 21 days alive without toxicity or progression.
        Assert.AreEqual((float)(21 * TwinVectorEnv.RewardScale), r[0], 1e-6f);
        Assert.AreEqual(0f, c[0]);
    }

    private static double FixedPlanReturn(NsclcParameters twin, TwinEnvironmentOptions options, int action)
    {
        const int slots = 64;
        var env = new TwinVectorEnv(slots, [twin], [[]], options);
        var obs = new float[slots * env.ObservationSize];
        var mask = new bool[slots * env.ActionCount];
        var r = new float[slots];
        var c = new float[slots];
        var d = new bool[slots];
        var actions = Enumerable.Repeat(action, slots).ToArray();
        env.Reset([11], obs, mask);
        var total = 0.0;
        for (var step = 0; step < options.Cycles; step++)
        {
            env.Step(actions, obs, r, c, d, mask);
            total += r.Sum(x => (double)x);
        }

        return total / slots;
    }
}
