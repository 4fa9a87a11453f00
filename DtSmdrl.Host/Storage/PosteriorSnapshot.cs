using System.Text.Json;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Host.Storage;

/// <summary>
/// A twin posterior as stored in twin_posteriors.posterior_json: the prior's covariates and the weighted
/// particles, enough to draw parameter samples without re-running the inference.
/// </summary>
/// <param name="Covariates">Covariates the prior was conditioned on (missing ones drawn once, seeded).</param>
/// <param name="Particles">Latent points.</param>
/// <param name="Weights">Normalised weights, one per particle.</param>
public sealed record PosteriorSnapshot(TwinCovariates Covariates, IReadOnlyList<TwinLatent> Particles, IReadOnlyList<double> Weights)
{
    /// <summary>Snapshot of a posterior.</summary>
    public static PosteriorSnapshot Of(TwinPosterior posterior) =>
        new(posterior.Covariates, posterior.Particles.ToArray(), posterior.Weights());

    /// <summary>Draws <paramref name="count"/> parameter sets (multinomial on the weights, seeded).</summary>
    public NsclcParameters[] Sample(TwinPrior prior, int count, int seed)
    {
        var rng = new Random(seed);
        var cumulative = new double[Weights.Count];
        var sum = 0.0;
        for (var i = 0; i < cumulative.Length; i++) cumulative[i] = sum += Weights[i];
        var result = new NsclcParameters[count];
        for (var k = 0; k < count; k++)
        {
            var index = Array.BinarySearch(cumulative, rng.NextDouble() * sum);
            index = index < 0 ? Math.Min(~index, cumulative.Length - 1) : index;
            result[k] = prior.ToParameters(Covariates, Particles[index]);
        }
        return result;
    }

    /// <summary>Weighted mean of a function of the parameters.</summary>
    public double Mean(TwinPrior prior, Func<NsclcParameters, double> quantity)
    {
        var mean = 0.0;
        for (var i = 0; i < Particles.Count; i++) mean += Weights[i] * quantity(prior.ToParameters(Covariates, Particles[i]));
        return mean;
    }

    public string ToJson() => JsonSerializer.Serialize(this, DtSmdrlJson.Internal);

    public static PosteriorSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<PosteriorSnapshot>(json, DtSmdrlJson.Internal) ?? throw new InvalidDataException("empty posterior snapshot");
}
