using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Fusion.MlNet;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Calibration;
using DtSmdrl.Pipeline.Twin.Models;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The patient view through the fusion transformer: the policy reads the fusion embedding instead of the plain features,
/// and the twins come from the fusion head's latent prior (<see cref="FusionTwinPrior"/> with the measured SLD, the
/// variant that measured best in the fusion evaluation). At each <see cref="Fit"/> the ML.NET featuriser and the fusion
/// model are trained on the training patients (early stopping on validation) with the cohort's targets
/// (<see cref="FusionCohortTargets"/>: the training patients' TRUE twin latents and their retrospective response and
/// toxicity). The true latents are privileged information the other arms do not get; read a gain of this view in that light.
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
    public FusionTwinSource(StudyCohort cohort, FusionTransformerOptions? options = null, TwinPrior? prior = null)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        targets = FusionCohortTargets.From(cohort);
        this.options = options ?? new FusionTransformerOptions();
        twinPrior = new FusionTwinPrior(prior, useMeasuredSld: true);
    }

    public string Description => "fusion embedding, fusion twin prior";

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        fusion?.Dispose();
        predictions.Clear();
        ml = new MLContext(seed);
        var rawTrain = FusionCohortTargets.View(ml, data.Train, targets);
        featurizer = ml.DtSmdrl().FeaturizePatient(includeNote: false).Fit(rawTrain);
        var train = ml.Data.Cache(featurizer.Transform(rawTrain));
        var validation = ml.Data.Cache(featurizer.Transform(FusionCohortTargets.View(ml, data.Validation, targets)));
        var seeded = options with { Model = options.Model with { Seed = seed }, McSeed = seed };
        var log = progress is null ? null : new SynchronousProgress<FusionEpochLog>(e =>
            progress.Report($"fusion epoch {e.Epoch}: train loss {e.TrainLoss:F4}, validation loss {e.ValidationLoss:F4}"));
        fusion = ml.DtSmdrl().FuseModalities(seeded).Fit(train, validation, log);
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
