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
        // An EGFR-mutant twin: the kinase inhibitor is clearly best; a random policy is not.
        var env = new TwinVectorEnv(16, [NsclcParameters.Typical with { KT = 0.1 }], [[]], new TwinEnvironmentOptions { Cycles = 4, FollowUpDay = 0 });
        using var ppo = new Ppo(env, new PpoOptions { Seed = 3, TotalSteps = 16 * 16 * 30, NumSteps = 16, UseCostConstraint = false, LearningRate = 3e-3 });
        var first = ppo.RunUpdate().MeanEpisodeReturn;
        PpoProgress last = null!;
        while (ppo.CompletedUpdates < ppo.TotalUpdates) last = ppo.RunUpdate();
        Assert.IsTrue(last.MeanEpisodeReturn > first + 0.05, $"return {first:F3} -> {last.MeanEpisodeReturn:F3}");
    }
}
