namespace DtSmdrl.Pipeline.Twin;

/// <summary>Standard normal draws and distribution function for seeded <see cref="Random"/> sources.</summary>
public static class StandardNormal
{
    /// <summary>One N(0, 1) draw (Box-Muller).</summary>
    public static double Sample(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Phi(z), the standard normal distribution function (Abramowitz-Stegun 7.1.26 on erf, error below 1.5e-7).</summary>
    public static double Cdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2.0);
        var t = 1.0 / (1.0 + 0.3275911 * x);
        var erf = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1.0 + erf) : 0.5 * (1.0 - erf);
    }
}
