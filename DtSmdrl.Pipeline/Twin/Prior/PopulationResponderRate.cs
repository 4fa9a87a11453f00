
namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// P(immune responder) over the prior's population mix of PD-L1 strata and TMB, i.e. <see cref="TwinPrior.ResponderProbability"/>
/// averaged over <see cref="TwinPrior.SampleCovariates"/>: the responder prior that conditions on no feature.
/// </summary>
public static class PopulationResponderRate
{
    public static double Of(TwinPriorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        // TMB is log-normal(median, sigma): the share at or above the threshold.
        var tmbHigh = 1 - StandardNormal.Cdf(Math.Log(o.TmbHighThreshold / o.TmbMedian) / o.TmbSigma);
        double Stratum(double p)
        {
            if (p >= 1) return 1;
            var odds = p / (1 - p) * o.TmbHighOddsRatio;
            return (1 - tmbHigh) * p + tmbHigh * odds / (1 + odds);
        }

        var negativeShare = 1 - o.TpsHighShare - o.TpsLowShare;
        return o.TpsHighShare * Stratum(o.ResponderTpsHigh) + o.TpsLowShare * Stratum(o.ResponderTpsLow) + negativeShare * Stratum(o.ResponderTpsNegative);
    }
}
