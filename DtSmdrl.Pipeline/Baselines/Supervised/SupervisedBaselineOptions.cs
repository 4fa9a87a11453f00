using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Preprocessing;

namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>Options of the supervised baseline (<see cref="SupervisedBaselineTrainer"/>), one documented default per field.</summary>
public sealed record SupervisedBaselineOptions
{
    /// <summary>w in benefit-risk = P(response) - w * P(severe toxicity). Default 0.5: a severe toxicity event costs half a response.</summary>
    public double ToxicityWeight { get; init; } = 0.5;

    /// <summary>Folds of the stratified cross-validation on the training split. Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>A regimen gets models (and can be recommended) only with at least this many training patients. Default 30.</summary>
    public int MinimumPatientsPerRegimen { get; init; } = 30;

    /// <summary>
    /// An outcome is modelled by a trainer only when both classes have at least this many training patients
    /// in the regimen; otherwise its probability is the regimen's smoothed rate (k + 1) / (n + 2). Default 5.
    /// </summary>
    public int MinimumPerClass { get; init; } = 5;

    /// <summary>
    /// Platt calibration on the validation split needs at least this many validation patients of the regimen,
    /// with both classes present; otherwise the trainer's probabilities are used as they are. Default 10.
    /// </summary>
    public int MinimumCalibrationPatients { get; init; } = 10;

    /// <summary>
    /// A regimen is recommended to a patient only if at least this many training patients of the patient's
    /// guideline biomarker group (EGFR-mutant, PD-L1 >= 50%, other) received it first. Default 5; 0 turns the
    /// rule off. Without it the confounded data (EGFR-mutant patients get the kinase inhibitor) makes the
    /// targeted model look good for everyone, though it has never seen a wild-type patient on it.
    /// </summary>
    public int MinimumGroupSupport { get; init; } = 5;

    /// <summary>Regimens that may be modelled and recommended; null = every regimen seen in the training data except "hold".</summary>
    public IReadOnlyList<string>? Regimens { get; init; }

    /// <summary>Trainers and hyperparameters of the sweep. Default <see cref="TrainerCandidate.DefaultGrid"/>.</summary>
    public IReadOnlyList<TrainerCandidate> Candidates { get; init; } = TrainerCandidate.DefaultGrid;

    /// <summary>Preprocessing (fitted on the training patients only).</summary>
    public PatientFeaturizerOptions Featurizer { get; init; } = new();

    public void Validate()
    {
        if (!(ToxicityWeight >= 0 && double.IsFinite(ToxicityWeight)))
            throw new ArgumentOutOfRangeException(nameof(ToxicityWeight), ToxicityWeight, "The toxicity weight must be finite and >= 0.");
        if (Folds < 2) throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "Cross-validation needs at least 2 folds.");
        if (MinimumPerClass < 2) throw new ArgumentOutOfRangeException(nameof(MinimumPerClass), MinimumPerClass, "Need at least 2 patients per class.");
        if (MinimumPerClass < Folds / 2) throw new ArgumentOutOfRangeException(nameof(MinimumPerClass), MinimumPerClass, $"MinimumPerClass must be at least Folds / 2 = {Folds / 2}.");
        if (MinimumPatientsPerRegimen < 2 * MinimumPerClass)
            throw new ArgumentOutOfRangeException(nameof(MinimumPatientsPerRegimen), MinimumPatientsPerRegimen, "Must be at least 2 * MinimumPerClass.");
        if (MinimumCalibrationPatients < 2) throw new ArgumentOutOfRangeException(nameof(MinimumCalibrationPatients), MinimumCalibrationPatients, "Must be at least 2.");
        if (MinimumGroupSupport < 0) throw new ArgumentOutOfRangeException(nameof(MinimumGroupSupport), MinimumGroupSupport, "Must be >= 0.");
        if (Candidates is null || Candidates.Count == 0) throw new ArgumentException("The sweep needs at least one trainer candidate.", nameof(Candidates));
        if (Candidates.Select(c => c.Name).Distinct().Count() != Candidates.Count) throw new ArgumentException("Trainer candidate names must be unique.", nameof(Candidates));
        Featurizer.Validate();
    }

    /// <summary>The options as JSON for the bundle manifest.</summary>
    public JsonObject ToJson() => new()
    {
        ["toxicity_weight"] = ToxicityWeight,
        ["folds"] = Folds,
        ["minimum_patients_per_regimen"] = MinimumPatientsPerRegimen,
        ["minimum_per_class"] = MinimumPerClass,
        ["minimum_calibration_patients"] = MinimumCalibrationPatients,
        ["minimum_group_support"] = MinimumGroupSupport,
        ["regimens"] = Regimens is null ? null : new JsonArray(Regimens.Select(r => (JsonNode)r!).ToArray()),
        ["candidates"] = new JsonArray(Candidates.Select(c => (JsonNode)c.Name!).ToArray()),
        ["normalization"] = Featurizer.Normalization.ToString(),
        ["include_note"] = Featurizer.IncludeNote,
        ["note_ngram_length"] = Featurizer.NoteNgramLength,
    };
}
