using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Plugins.BuiltIn.Safety;
using DtSmdrl.Plugins.Contracts.Safety;
using DtSmdrl.Plugins.Loading;

namespace DtSmdrl.Plugins.Adapters;

/// <summary>
/// Puts the safety plugin named by the configuration (<c>Safety:Shield</c>, or the study's <c>--shield</c>) on the agent's
/// work path. The built-in <c>threshold</c> plugin is the agent's own <see cref="ThresholdShield"/> at the arm's
/// <see cref="DtSmdrlArmOptions.ShieldThreshold"/> (the plugin delegates to that class, and the threshold is a setting of the
/// arm, not of the plugin); any other name is the registry's plugin behind an <see cref="ActionShieldAdapter"/>, so a folder
/// plugin can replace the built-in. The arm's <see cref="DtSmdrlArmOptions.ShieldThreshold"/> = null still turns the shield off.
/// </summary>
public static class AgentShield
{
    /// <summary>The configuration key naming the shield plugin.</summary>
    public const string ConfigurationKey = "Safety:Shield";

    /// <summary>The default: the built-in threshold shield.</summary>
    public const string Default = "threshold";

    /// <summary>
    /// <paramref name="options"/> with the shield named <paramref name="name"/> (unchanged for the built-in threshold
    /// shield); throws naming the loaded safety shields when no shield has that name.
    /// </summary>
    public static DtSmdrlArmOptions Apply(DtSmdrlArmOptions options, PluginRegistry registry, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        var plugin = registry.Get<IActionShield>(name);
        if (plugin is ThresholdActionShield) return options with { Shield = null };
        return options with { Shield = new ActionShieldAdapter(plugin, options.Environment.Simulation.Actions.Names.ToList()) };
    }
}
