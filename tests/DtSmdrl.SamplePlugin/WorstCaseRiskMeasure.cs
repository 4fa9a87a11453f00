using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using DtSmdrl.Plugins.Contracts.Safety;

namespace DtSmdrl.SamplePlugin;

/// <summary>A sample external safety plugin: the worst sampled cost (CVaR as alpha tends to 1).</summary>
public sealed class WorstCaseRiskMeasure : IRiskMeasure
{
    static WorstCaseRiskMeasure() => CodeRan.Record("static constructor");

    /// <summary>Records that plugin code ran (the tamper tests check that a refused plugin's never does).</summary>
    public WorstCaseRiskMeasure() => CodeRan.Record("constructor");

    /// <inheritdoc/>
    public string Name => "worst-case";

    /// <inheritdoc/>
    public double Measure(RiskSample sample)
    {
        if (sample.Costs.Count == 0)
            throw new ArgumentException("RiskSample.Costs is empty.");
        return sample.Costs.Max();
    }
}

/// <summary>
/// Side effects the tamper tests observe: when the host put a queue under <see cref="Key"/> in AppContext, the plugin's
/// module initialiser and constructors add "{load context name} {what}" to it.
/// </summary>
public static class CodeRan
{
    /// <summary>The AppContext data key of the queue.</summary>
    public const string Key = "DtSmdrl.SamplePlugin.CodeRan";

#pragma warning disable CA2255 // A test fixture: the module initialiser exists to show it never runs for a refused plugin.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ModuleLoaded() => Record("module initialiser");

    internal static void Record(string what)
    {
        if (AppContext.GetData(Key) is ConcurrentQueue<string> queue)
            queue.Enqueue($"{AssemblyLoadContext.GetLoadContext(typeof(CodeRan).Assembly)?.Name} {what}");
    }
}
