using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Fusion.MlNet;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The patient view through the fusion transformer: the policy reads the fusion embedding instead of the plain features,
/// and the twins come from the fusion head's latent prior (<see cref="FusionTwinPrior"/> with the measured SLD, the
/// variant that measured best in the fusion evaluation). At each <see cref="Fit"/> the ML.NET featuriser and the fusion
/// model are trained on the training patients (early stopping on validation) with targets a method may see: the latent
/// head on the posterior means of each patient's retrospective course (<see cref="CoursePosteriorFitter"/>, from the
/// population prior; NaN = no target for a patient without a course), the response and toxicity heads on the course's
/// observed response and toxicity (<see cref="FusionCohortTargets"/>). The cohort's true latents are never used. Unlike
/// <see cref="LearnedTwinPrior"/>, the fusion head is not cross-fitted: a training patient's twins come from a head that
/// saw its own course posterior.
/// </summary>
public sealed class FusionTwinSource : IPatientTwinSource, IDisposable
{
    private readonly Dictionary<string, FusionTargets> targets;
    private readonly FusionTransformerOptions options;
    private readonly FusionTwinPrior twinPrior;
    private readonly Dictionary<PatientRecord, FusionPrediction> predictions = new(ReferenceEqualityComparer.Instance);
    private MLContext? ml;
    private ITransformer? featurizer;
    private FusionTransformerTransformer? fusion;

    /// <summary>Takes the training targets from <paramref name="cohort"/> (only training and validation patients' are read at fit).</summary>
    public FusionTwinSource(StudyCohort cohort, FusionTransformerOptions? options = null, TwinPrior? prior = null, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        // Only the observed response and toxicity targets are kept; the latent targets come from the course posteriors at Fit.
        targets = FusionCohortTargets.From(cohort);
        this.options = options ?? new FusionTransformerOptions();
        twinPrior = new FusionTwinPrior(prior, useMeasuredSld: true);
        fitter = new CoursePosteriorFitter(twinPrior.Prior, new LearnedTwinPriorOptions().Posterior, threads);
    }

    private readonly CoursePosteriorFitter fitter;

    public string Description => "fusion embedding, fusion twin prior (latent head trained on course posteriors)";

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        fusion?.Dispose();
        predictions.Clear();
        ml = new MLContext(seed);
        var fitted = PosteriorTargets(data, seed, progress);
        var rawTrain = FusionCohortTargets.View(ml, data.Train, fitted);
        featurizer = ml.DtSmdrl().FeaturizePatient(includeNote: false).Fit(rawTrain);
        var train = ml.Data.Cache(featurizer.Transform(rawTrain));
        var validation = ml.Data.Cache(featurizer.Transform(FusionCohortTargets.View(ml, data.Validation, fitted)));
        var seeded = options with { Model = options.Model with { Seed = seed }, McSeed = seed };
        var log = progress is null ? null : new SynchronousProgress<FusionEpochLog>(e =>
            progress.Report($"fusion epoch {e.Epoch}: train loss {e.TrainLoss:F4}, validation loss {e.ValidationLoss:F4}"));
        fusion = ml.DtSmdrl().FuseModalities(seeded).Fit(train, validation, log);
    }

    /// <summary>The targets with every latent replaced by the patient's course posterior mean (NaN without a course).</summary>
    private Dictionary<string, FusionTargets> PosteriorTargets(StudyData data, int seed, IProgress<string>? progress)
    {
        var courses = data.TrainCourses.Concat(data.ValidationCourses).Where(c => c.Observations.Count > 0).ToDictionary(c => c.PatientId);
        var patients = data.Train.Concat(data.Validation).Where(p => courses.ContainsKey(p.Id)).ToList();
        var fits = fitter.Fit(patients.Select(p => (p.Observed, courses[p.Id].Observations)).ToList(), seed, progress)
            .ToDictionary(f => f.PatientId);
        var unobserved = Enumerable.Repeat(float.NaN, TwinPrior.LatentDimension).ToArray();
        return targets.ToDictionary(t => t.Key, t => t.Value with
        {
            Latents = fits.TryGetValue(t.Key, out var f) ? f.Mean.Select(z => (float)z).ToArray() : unobserved,
        });
    }

    public void Precompute(IReadOnlyList<PatientRecord> records)
    {
        var seen = new HashSet<PatientRecord>(ReferenceEqualityComparer.Instance);
        var missing = records.Where(r => !predictions.ContainsKey(r) && seen.Add(r)).ToList();
        if (missing.Count == 0) return;
        var (context, fitted, model) = Fitted();
        var predicted = model.Predict(fitted.Transform(PatientDataView.Create(context, missing)));
        for (var i = 0; i < missing.Count; i++) predictions[missing[i]] = predicted[i];
    }

    public float[] Context(PatientRecord observed) => Prediction(observed).Embedding;

    public NsclcParameters[] SampleTwins(PatientRecord observed, int count, Random rng) =>
        twinPrior.SampleTwins(observed, Prediction(observed), count, rng);

    public void Dispose() => fusion?.Dispose();

    private FusionPrediction Prediction(PatientRecord observed)
    {
        if (!predictions.ContainsKey(observed)) Precompute([observed]);
        return predictions[observed];
    }

    private (MLContext, ITransformer, FusionTransformerTransformer) Fitted() =>
        ml is not null && featurizer is not null && fusion is not null
            ? (ml, featurizer, fusion)
            : throw new InvalidOperationException("FusionTwinSource: call Fit before asking for a patient's view.");
}
