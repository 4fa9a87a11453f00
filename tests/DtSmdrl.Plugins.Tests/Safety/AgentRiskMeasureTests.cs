using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Plugins.Adapters;
using DtSmdrl.Plugins.Contracts.Safety;
using DtSmdrl.Plugins.Loading;
using DtSmdrl.Plugins.Tests.Loading;

namespace DtSmdrl.Plugins.Tests.Safety;

/// <summary>The risk measure named by the configuration is what the DT-SMDRL arm's Lagrangian constrains.</summary>
[TestClass]
public sealed class AgentRiskMeasureTests
{
    private static PluginRegistry Registry(SamplePluginFolder? folder = null) => SamplePluginFolder.Registry(folder);

    [TestMethod]
    public void TheBuiltInsAreTheAgentsOwnStatistics()
    {
        var defaults = new DtSmdrlArmOptions();
        var cvar = AgentRiskMeasure.Apply(defaults with { Meta = defaults.Meta with { Inner = defaults.Meta.Inner with { CostMeasure = CostMeasure.Mean } } }, Registry(), "cvar");
        Assert.AreEqual(CostMeasure.Cvar, cvar.Meta.Inner.CostMeasure);
        Assert.IsNull(cvar.Meta.Inner.CustomCostMeasure);
        Assert.AreEqual(defaults, AgentRiskMeasure.Apply(defaults, Registry(), AgentRiskMeasure.Default), "the default leaves the arm as it is");
        Assert.AreEqual(CostMeasure.Mean, AgentRiskMeasure.Apply(defaults, Registry(), "mean").Meta.Inner.CostMeasure);
    }

    [TestMethod]
    public void AnUnknownRiskMeasureNamesTheLoadedOnes()
    {
        var error = Assert.ThrowsExactly<KeyNotFoundException>(() => AgentRiskMeasure.Apply(new DtSmdrlArmOptions(), Registry(), "no-such-measure"));
        StringAssert.Contains(error.Message, "'cvar'");
        StringAssert.Contains(error.Message, "'mean'");
    }

    [TestMethod]
    public void AFolderPluginBecomesTheConstrainedStatisticAndTheMeanCostAblationDropsIt()
    {
        using var folder = new SamplePluginFolder();
        folder.Add("sample", "sample");
        var options = AgentRiskMeasure.Apply(new DtSmdrlArmOptions(), Registry(folder), "worst-case");
        var measure = options.Meta.Inner.CustomCostMeasure;
        Assert.IsInstanceOfType<RiskMeasureAdapter>(measure);
        Assert.AreEqual("worst-case", measure.Name);
        // The sample plugin takes the worst cost of the sample, whatever the groups: 3 here, where the grouped CVaR would differ.
        Assert.AreEqual(3.0, measure.Measure([0.0, 3.0, 1.0, 1.0], [0, 0, 1, 1], 0.9));

        var ablation = DtSmdrlAblations.Create(options).Single(m => m.Name == "DT-SMDRL w/o CVaR (mean cost)");
        Assert.IsNull(ablation.Options.Meta.Inner.CustomCostMeasure);
        Assert.AreEqual(CostMeasure.Mean, ablation.Options.Meta.Inner.CostMeasure);
    }

    [TestMethod]
    public void TheAdapterHandsThePluginTheCostsTheirGroupsAndTheLevel()
    {
        var plugin = new RecordingRiskMeasure();
        var value = new RiskMeasureAdapter(plugin).Measure([0.5, 2.0, 1.0], [4, 4, 9], 0.75);
        Assert.AreEqual(42.0, value);
        CollectionAssert.AreEqual(new[] { 0.5, 2.0, 1.0 }, plugin.Sample!.Costs.ToArray());
        CollectionAssert.AreEqual(new[] { 4, 4, 9 }, plugin.Sample.Groups!.ToArray());
        Assert.AreEqual(0.75, plugin.Sample.Level);
    }

    private sealed class RecordingRiskMeasure : IRiskMeasure
    {
        public RiskSample? Sample { get; private set; }
        public string Name => "recording";

        public double Measure(RiskSample sample)
        {
            Sample = sample;
            return 42.0;
        }
    }
}
