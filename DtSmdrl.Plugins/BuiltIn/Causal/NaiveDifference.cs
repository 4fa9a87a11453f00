using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>Unadjusted difference of arm means with a Wald interval: the randomised-trial estimate.</summary>
public static class NaiveDifference
{
    /// <summary>mean(Y | treated) - mean(Y | control), SE = sqrt(s1^2/n1 + s0^2/n0).</summary>
    public static EffectInterval Estimate(bool[] treated, double[] outcome, double level)
    {
        var y1 = outcome.Where((_, i) => treated[i]).ToArray();
        var y0 = outcome.Where((_, i) => !treated[i]).ToArray();
        var difference = CausalStatistics.Mean(y1) - CausalStatistics.Mean(y0);
        var s1 = CausalStatistics.StandardDeviation(y1);
        var s0 = CausalStatistics.StandardDeviation(y0);
        var se = Math.Sqrt(s1 * s1 / y1.Length + s0 * s0 / y0.Length);
        var z = CausalStatistics.NormalCritical(level);
        return new EffectInterval(difference, difference - z * se, difference + z * se, se, "Wald");
    }
}
