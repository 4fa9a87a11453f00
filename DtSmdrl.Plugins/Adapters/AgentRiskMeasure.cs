using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Plugins.BuiltIn.Safety;
using DtSmdrl.Plugins.Contracts.Safety;
using DtSmdrl.Plugins.Loading;

namespace DtSmdrl.Plugins.Adapters;

/// <summary>
/// Puts the risk measure named by the configuration (<c>Safety:RiskMeasure</c>, or the study's <c>--risk-measure</c>) on the
/// agent's work path: the statistic of the episode costs its Lagrangian constrains, in meta-training and adaptation. The
/// built-ins are the agent's own (<c>cvar</c>: grouped CVaR at <see cref="PpoOptions.CvarAlpha"/>, the default; <c>mean</c>:
/// the mean cost), so they give the same numbers as without the registry; any other name is the registry's plugin behind a
/// <see cref="RiskMeasureAdapter"/>.
/// </summary>
public static class AgentRiskMeasure
{
    /// <summary>The configuration key naming the risk measure.</summary>
    public const string ConfigurationKey = "Safety:RiskMeasure";

    /// <summary>The default: the built-in grouped CVaR.</summary>
    public const string Default = "cvar";

    /// <summary><paramref name="options"/> with the named risk measure; throws naming the loaded ones when none has that name.</summary>
    public static DtSmdrlArmOptions Apply(DtSmdrlArmOptions options, PluginRegistry registry, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        var plugin = registry.Get<IRiskMeasure>(name);
        var inner = plugin switch
        {
            CvarRiskMeasure => options.Meta.Inner with { CostMeasure = CostMeasure.Cvar, CustomCostMeasure = null },
            MeanRiskMeasure => options.Meta.Inner with { CostMeasure = CostMeasure.Mean, CustomCostMeasure = null },
            _ => options.Meta.Inner with { CustomCostMeasure = new RiskMeasureAdapter(plugin) },
        };
        return options with { Meta = options.Meta with { Inner = inner } };
    }
}
