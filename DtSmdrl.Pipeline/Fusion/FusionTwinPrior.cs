using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// The patient's twin prior from the fusion model's twin-parameter head: z_k ~ N(mean_k, spread_k) for each of the 16
/// <see cref="TwinPrior"/> latent coordinates, mapped through <see cref="TwinPrior.ToParameters"/> with the patient's covariates.
/// </summary>
/// <remarks>
/// Coordinate convention: the fusion head is trained on the cohort's true z, which the generator draws with covariates that
/// carry NO measured baseline SLD, so z[0] is the population log-normal SLD coordinate. The covariates used here therefore
/// leave <see cref="TwinCovariates.BaselineSldMm"/> unset (NaN): with a measured SLD, ToParameters would read z[0] as
/// measurement noise instead and the head's z[0] would mean something else. The observed lesion count is kept (it is discrete).
/// Covariates missing from the record are drawn per twin from the population mix, like the biomarker-conditioned prior does;
/// the responder latent is drawn from <see cref="TwinPrior.ResponderProbability"/> (the head predicts the continuous latents only).
/// The spread used is the prediction's <see cref="FusionPrediction.LatentSpread"/> combined with the MC spread of the mean
/// (variances add), the same combination as the transformer's TwinLatentSpread column.
/// </remarks>
public sealed class FusionTwinPrior
{
    /// <summary>
    /// Uses <paramref name="prior"/> (default: the calibrated <see cref="TwinPrior"/>) for the map to parameters. With
    /// <paramref name="useMeasuredSld"/> (default false), a patient with measured lesions takes the baseline SLD from the
    /// twin's own measurement model instead of the head's z[0]: covariates carry the measured SLD and z[0] ~ N(0, 1) is the
    /// measurement noise (as in the biomarker-conditioned prior); the other 15 coordinates still come from the head.
    /// </summary>
    public FusionTwinPrior(TwinPrior? prior = null, bool useMeasuredSld = false)
    {
        Prior = prior ?? new TwinPrior();
        UseMeasuredSld = useMeasuredSld;
    }

    /// <summary>The twin prior whose coordinates the fusion head predicts.</summary>
    public TwinPrior Prior { get; }

    /// <summary>Whether a measured SLD replaces the head's z[0] (see the constructor).</summary>
    public bool UseMeasuredSld { get; }

    /// <summary>Draws <paramref name="count"/> twins of the patient from the fusion prior.</summary>
    public NsclcParameters[] SampleTwins(PatientRecord observed, FusionPrediction prediction, int count, Random rng)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var twins = new NsclcParameters[count];
        for (var i = 0; i < count; i++)
        {
            var covariates = Prior.ObservedCovariates(observed, rng, UseMeasuredSld);
            twins[i] = Prior.ToParameters(covariates, SampleLatent(observed, prediction, covariates, rng));
        }
        return twins;
    }

    /// <summary>
    /// One latent point: z ~ N(mean, spread) per coordinate (z[0] ~ N(0, 1) when <paramref name="covariates"/> carry a measured SLD);
    /// lesion count observed (else 1-5 uniform); responder from the biomarkers.
    /// </summary>
    public TwinLatent SampleLatent(PatientRecord observed, FusionPrediction prediction, TwinCovariates covariates, Random rng)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return SampleLatent(observed.PatientId, prediction, covariates, rng);
    }

    /// <summary>The same for a patient known only by id (e.g. a row of an IDataView with the fusion columns).</summary>
    public TwinLatent SampleLatent(string patientId, FusionPrediction prediction, TwinCovariates covariates, Random rng)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        ArgumentNullException.ThrowIfNull(rng);
        var (mean, spread) = MeanAndSpread(prediction, patientId);
        var z = new double[TwinPrior.LatentDimension];
        for (var k = 0; k < z.Length; k++)
            z[k] = mean[k] + spread[k] * StandardNormal.Sample(rng);
        // With a measured SLD in the covariates, ToParameters reads z[0] as measurement noise, whose prior is N(0, 1).
        if (!double.IsNaN(covariates.BaselineSldMm))
            z[0] = StandardNormal.Sample(rng);
        var lesions = covariates.LesionCount > 0 ? covariates.LesionCount : 1 + rng.Next(5);
        var responder = rng.NextDouble() < Prior.ResponderProbability(covariates);
        return new TwinLatent(z, lesions, responder);
    }

    /// <summary>
    /// Per-coordinate prior mean and standard deviation of the patient: the head's mean, and sqrt(spread² + MC std of the mean²).
    /// Throws naming the patient and field when the prediction does not have 16 finite latents with positive spread.
    /// </summary>
    public static (double[] Mean, double[] Spread) MeanAndSpread(FusionPrediction prediction, string patientId = "?")
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var l = TwinPrior.LatentDimension;
        if (prediction.LatentMean?.Length != l || prediction.LatentSpread?.Length != l)
            throw new ArgumentException($"Fusion prediction of patient '{patientId}': LatentMean/LatentSpread need {l} values (TwinPrior.LatentNames), got {prediction.LatentMean?.Length ?? 0} and {prediction.LatentSpread?.Length ?? 0}.");
        var mean = new double[l];
        var spread = new double[l];
        for (var k = 0; k < l; k++)
        {
            var mcStd = prediction.LatentMeanStd is { Length: > 0 } s ? s[k] : 0f;
            mean[k] = prediction.LatentMean[k];
            spread[k] = Math.Sqrt((double)prediction.LatentSpread[k] * prediction.LatentSpread[k] + (double)mcStd * mcStd);
            if (!double.IsFinite(mean[k]) || !double.IsFinite(spread[k]) || spread[k] <= 0)
                throw new ArgumentException($"Fusion prediction of patient '{patientId}' field latent {TwinPrior.LatentNames[k]}: mean {mean[k]}, spread {spread[k]}; expected finite values and a positive spread.");
        }
        return (mean, spread);
    }
}
