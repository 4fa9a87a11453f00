using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Twin.Inference;

/// <summary>
/// A per-patient prior over the twin's latent space that <see cref="TwinPosterior"/> can start from instead of
/// <see cref="TwinPrior"/>'s N(0, I): independent z_k ~ N(<see cref="Mean"/>[k], <see cref="Sd"/>[k]) and
/// responder ~ Bernoulli(<see cref="ResponderProbability"/>). The covariates still map z to parameters
/// (<see cref="TwinPrior.ToParameters"/>); the lesion count stays as given (or uniform 1-5).
/// </summary>
/// <param name="Mean">Prior mean of each latent coordinate (<see cref="TwinPrior.LatentNames"/> order).</param>
/// <param name="Sd">Prior standard deviation of each coordinate (> 0).</param>
/// <param name="ResponderProbability">Prior P(immune responder), in (0, 1).</param>
public sealed record GaussianLatentPrior(double[] Mean, double[] Sd, double ResponderProbability)
{
    /// <summary>TwinPrior's own N(0, I) with the given responder probability (the posterior's default start).</summary>
    public static GaussianLatentPrior Standard(double responderProbability) => new(
        new double[TwinPrior.LatentDimension], Enumerable.Repeat(1.0, TwinPrior.LatentDimension).ToArray(), responderProbability);

    /// <summary>Throws naming the coordinate when a value is unusable.</summary>
    public void Validate(string context = "latent prior")
    {
        ArgumentNullException.ThrowIfNull(Mean, nameof(Mean));
        ArgumentNullException.ThrowIfNull(Sd, nameof(Sd));
        if (Mean.Length != TwinPrior.LatentDimension || Sd.Length != TwinPrior.LatentDimension)
        {
            throw new ArgumentException($"{context}: Mean and Sd need {TwinPrior.LatentDimension} values, got {Mean.Length} and {Sd.Length}.");
        }

        for (var k = 0; k < Mean.Length; k++)
        {
            if (!double.IsFinite(Mean[k]) || !double.IsFinite(Sd[k]) || Sd[k] <= 0)
            {
                throw new ArgumentException($"{context}: latent {TwinPrior.LatentNames[k]} has mean {Mean[k]} and sd {Sd[k]}; both must be finite and the sd > 0.");
            }
        }

        if (!(ResponderProbability > 0 && ResponderProbability < 1))
        {
            throw new ArgumentException($"{context}: {nameof(ResponderProbability)} = {ResponderProbability} must be in (0, 1).");
        }
    }

    /// <summary>Draws a latent point (z first, then the lesion count when unknown, then the responder: TwinPrior.SampleLatent's order).</summary>
    public TwinLatent Sample(TwinCovariates covariates, Random rng)
    {
        var z = new double[Mean.Length];
        for (var k = 0; k < z.Length; k++)
        {
            z[k] = Mean[k] + Sd[k] * StandardNormal.Sample(rng);
        }

        var lesions = covariates.LesionCount > 0 ? covariates.LesionCount : 1 + rng.Next(5);
        return new TwinLatent(z, lesions, rng.NextDouble() < ResponderProbability);
    }

    /// <summary>sum_k ((z_k - mean_k) / sd_k)^2: minus twice the log density of z up to a constant.</summary>
    public double SquaredDistance(double[] z)
    {
        var sum = 0.0;
        for (var k = 0; k < z.Length; k++)
        {
            var u = (z[k] - Mean[k]) / Sd[k];
            sum += u * u;
        }

        return sum;
    }
}
