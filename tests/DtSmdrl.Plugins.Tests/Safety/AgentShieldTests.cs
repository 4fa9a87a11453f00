using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Plugins.Adapters;
using DtSmdrl.Plugins.Contracts.Safety;
using DtSmdrl.Plugins.Loading;
using DtSmdrl.Plugins.Tests.Loading;

namespace DtSmdrl.Plugins.Tests.Safety;

/// <summary>The safety plugin named by the configuration is the shield the DT-SMDRL arm decides behind.</summary>
[TestClass]
public sealed class AgentShieldTests
{
    private static readonly string[] Actions = ["hold", "chemo_full", "targeted", "immuno"];

    // An untrained (random) policy without adaptation: cheap, and it treats most patients.
    private static readonly DtSmdrlArmOptions Untrained = new()
    {
        Initialisation = InitialisationKind.Random,
        Imitation = null,
        CalibrateStatedResponse = false,
        AdaptationUpdates = 0,
        TwinsPerPatient = 2,
        ForecastSamples = 4,
        Environment = new TwinEnvironmentOptions { Cycles = 4, FollowUpDay = 0 },
    };

    private static PluginRegistry Registry(SamplePluginFolder? folder = null) => SamplePluginFolder.Registry(folder);

    [TestMethod]
    public void TheBuiltInThresholdShieldIsTheArmsOwnAtItsThreshold()
    {
        var options = AgentShield.Apply(Untrained with { ShieldThreshold = 0.2 }, Registry(), AgentShield.Default);
        Assert.IsNull(options.Shield);
        Assert.AreEqual(0.2, ((ThresholdShield)options.CreateShield()!).Threshold);
        Assert.IsNull((options with { ShieldThreshold = null }).CreateShield(), "no threshold: no shield, whatever is configured");
    }

    [TestMethod]
    public void AnUnknownShieldNamesTheLoadedOnes()
    {
        var error = Assert.ThrowsExactly<KeyNotFoundException>(() => AgentShield.Apply(Untrained, Registry(), "no-such-shield"));
        StringAssert.Contains(error.Message, "'no-such-shield'");
        StringAssert.Contains(error.Message, "'threshold'");
    }

    [TestMethod]
    public void AFolderPluginNamedByTheConfigurationReplacesTheBuiltInOnTheArmsDecisions()
    {
        using var folder = new SamplePluginFolder();
        folder.Add("sample", "sample");
        var registry = Registry(folder);
        var data = Cohort();
        var patients = data.Validation.Take(12).ToList();

        var builtIn = Decisions(AgentShield.Apply(Untrained, registry, AgentShield.Default), data, patients);
        var plugin = AgentShield.Apply(Untrained, registry, "hold-only");
        Assert.IsInstanceOfType<ActionShieldAdapter>(plugin.Shield);
        var holdOnly = Decisions(plugin, data, patients);

        Assert.IsTrue(builtIn.Any(a => a != SafetyContract.HoldAction), "behind the built-in shield the untrained policy treats");
        Assert.IsTrue(holdOnly.All(a => a == SafetyContract.HoldAction || a == -1), "behind the folder plugin it only holds");
    }

    [TestMethod]
    public void APluginMayOnlyRemoveActionsAndMustAnswerForEach()
    {
        var allowsForbidden = new ActionShieldAdapter(new FixedShield([true, true, true, true]), Actions);
        var mask = new[] { true, false, true, true };
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => allowsForbidden.Mask(new ShieldContext([], [0, 0, 0, 0]), mask));
        StringAssert.Contains(error.Message, "'chemo_full'");

        var short_ = new ActionShieldAdapter(new FixedShield([true, true]), Actions);
        error = Assert.ThrowsExactly<InvalidOperationException>(() => short_.Mask(new ShieldContext([], [0, 0, 0, 0]), new[] { true, true, true, true }));
        StringAssert.Contains(error.Message, "answered for 2 actions");

        var removesAll = new ActionShieldAdapter(new FixedShield([false, false, false, false]), Actions);
        mask = [true, true, false, true];
        var result = removesAll.Mask(new ShieldContext([], [0.9, 0.9, 0.9, 0.9]), mask);
        CollectionAssert.AreEqual(new[] { true, false, false, false }, mask, "nothing left: hold, as the contract says");
        Assert.AreEqual(3, result.MaskedByShield);
        Assert.IsTrue(result.AllMasked);
    }

    // Every action of every cycle of every patient (-1 after death), behind the options' shield on one twin sample each.
    private static int[] Decisions(DtSmdrlArmOptions options, StudyData data, IReadOnlyList<StudyPatient> patients)
    {
        var method = new DtSmdrlMethod(options);
        method.Fit(data, seed: 3);
        var plan = method.Prepare(patients);
        var rng = new Random(5);
        var twins = patients.Select(p => method.Patient(p.Id, p.Observed, 1, rng).Twins[0]).ToArray();
        var seeds = patients.Select((_, i) => (ulong)(i + 1)).ToArray();
        return new EpisodeRunner(options.Environment).Run(plan.Policy, patients.Select(p => p.Id).ToList(), twins, seeds)
            .SelectMany(e => e.Actions).ToArray();
    }

    private static StudyData Cohort()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-shield-" + Guid.NewGuid().ToString("N"));
        try
        {
            CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 80, Seed = 2 }));
            return CohortFolder.Load(folder).TrainingData();
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    private sealed class FixedShield(bool[] allowed) : IActionShield
    {
        public string Name => "fixed";

        public ShieldDecision Shield(ShieldRequest request) =>
            new(Name, allowed, request.ResolveProbabilities(), 0, FellBackToHold: false);
    }
}
