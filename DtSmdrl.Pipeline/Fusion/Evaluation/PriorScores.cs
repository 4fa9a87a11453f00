using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Fusion.Evaluation;

/// <summary>Continuous ranked probability score (CRPS, lower is better, in the unit of the variable) of a predictive distribution.</summary>
public static class PriorScores
{
    /// <summary>CRPS of N(mean, sd²) at <paramref name="observed"/>: sd [z(2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − mean)/sd.</summary>
    public static double GaussianCrps(double mean, double sd, double observed)
    {
        if (!(sd > 0)) throw new ArgumentOutOfRangeException(nameof(sd), sd, "Standard deviation must be positive.");
        var z = (observed - mean) / sd;
        var pdf = Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
        return sd * (z * (2 * StandardNormal.Cdf(z) - 1) + 2 * pdf - 1 / Math.Sqrt(Math.PI));
    }

    /// <summary>
    /// CRPS of the empirical distribution of <paramref name="samples"/>: mean|X − y| − ½ mean|X − X'|, the second term from the
    /// sorted samples (Σ_i (2i − m − 1) x_(i) / m², i = 1..m). Sorts <paramref name="samples"/> in place.
    /// </summary>
    public static double SampleCrps(double[] samples, double observed)
    {
        if (samples.Length == 0) throw new ArgumentException("No samples.", nameof(samples));
        Array.Sort(samples);
        var m = samples.Length;
        double absolute = 0, spread = 0;
        for (var i = 0; i < m; i++)
        {
            absolute += Math.Abs(samples[i] - observed);
            spread += (2.0 * (i + 1) - m - 1) * samples[i];
        }
        return absolute / m - spread / ((double)m * m);
    }
}
