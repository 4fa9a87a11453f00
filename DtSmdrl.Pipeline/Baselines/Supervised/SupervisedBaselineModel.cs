using System.Text.Json;
using System.Text.Json.Serialization;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Preprocessing;
using DtSmdrl.Pipeline.Provenance;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>
/// A trained supervised baseline: the patient featuriser (fitted on the training split) and, per modelled
/// regimen, calibrated models of P(objective response) and P(severe toxicity) on the regimen's standard
/// schedule. It recommends the regimen with the highest benefit-risk P(response) - w P(severe toxicity)
/// among the regimens it has models for; a regimen the retrospective data never shows (or shows for
/// fewer than the minimum number of patients) cannot be recommended, and a regimen is recommended to a
/// patient only if the data shows it for enough patients of the same guideline biomarker group
/// (<see cref="SupervisedBaselineOptions.MinimumGroupSupport"/>): the models cannot know how a regimen
/// works in patients unlike everyone who received it.
/// Saved as one <see cref="ModelBundle"/>: manifest.json, mlnet.zip (the featuriser), one ML.NET entry per
/// classifier (predictors/REGIMEN.OUTCOME.zip) and supervised.json (calibrators, chosen trainers, CV scores).
/// </summary>
public sealed class SupervisedBaselineModel
{
    public const string BundleKind = "supervised-baseline";
    public const string StateEntry = "supervised.json";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly MLContext _ml;
    private readonly Dictionary<(string, string), OutcomeModel> _models;

    internal SupervisedBaselineModel(MLContext ml, ITransformer featurizer, DataViewSchema inputSchema, SupervisedModelState state,
        IReadOnlyList<OutcomeModel> models, BundleManifest manifest)
    {
        _ml = ml;
        Featurizer = featurizer;
        InputSchema = inputSchema;
        State = state;
        OutcomeModels = models;
        Manifest = manifest;
        _models = models.ToDictionary(m => (m.Regimen, m.Outcome));
        foreach (var regimen in state.Regimens)
            foreach (var outcome in new[] { Outcomes.Response, Outcomes.SevereToxicity })
                if (!_models.ContainsKey((regimen, outcome)))
                    throw new InvalidDataException($"Supervised model: regimen '{regimen}' has no {outcome} model.");
    }

    /// <summary>The fitted preprocessing pipeline (ML.NET transformer chain).</summary>
    public ITransformer Featurizer { get; }

    /// <summary>Input schema the featuriser was fitted with.</summary>
    public DataViewSchema InputSchema { get; }

    internal SupervisedModelState State { get; }

    /// <summary>Regimens the model can recommend, in <see cref="Catalogs.Regimens"/> order.</summary>
    public IReadOnlyList<string> Regimens => State.Regimens;

    /// <summary>Length of the featuriser's Features vector that the classifiers read.</summary>
    public int FeatureSize => State.FeatureSize;

    /// <summary>w of the benefit-risk score.</summary>
    public double ToxicityWeight => State.ToxicityWeight;

    public IReadOnlyList<OutcomeModel> OutcomeModels { get; }

    /// <summary>Provenance and training metrics (CV AUC/Brier per regimen, outcome and trainer; fit time).</summary>
    public BundleManifest Manifest { get; }

    public OutcomeModel this[string regimen, string outcome] =>
        _models.TryGetValue((regimen, outcome), out var m) ? m : throw new KeyNotFoundException($"No {outcome} model for regimen '{regimen}' (modelled: {string.Join(", ", Regimens)}).");

    /// <summary>Predictions for patient records.</summary>
    public IReadOnlyList<PatientPrediction> Predict(IEnumerable<PatientRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Predict(PatientDataView.Create(_ml, records));
    }

    /// <summary>
    /// Predictions for a patient view with the columns of <see cref="PatientFeatureRow"/>; a missing or
    /// mistyped column fails naming the column, the expected and the actual type.
    /// </summary>
    public IReadOnlyList<PatientPrediction> Predict(IDataView patients)
    {
        ArgumentNullException.ThrowIfNull(patients);
        var required = PatientFeaturizer.Patient(_ml, State.Featurizer).RequiredColumns.Append(new InputColumn("PatientId", InputColumnKind.Text));
        PatientInputColumns.Check(patients.Schema, required, "SupervisedBaselineModel.Predict");
        var transformed = Featurizer.Transform(patients);
        var ids = transformed.GetColumn<string>("PatientId").ToList();
        var features = ExtractFeatures(transformed, State.FeatureSize);
        var groups = BiomarkerGroups(patients);
        return Predict(ids, groups, features);
    }

    /// <summary>The guideline biomarker group of each row, from the EGFR slot of Mutations and the PD-L1 slot of OmicsScalars.</summary>
    private static List<GuidelineGroup> BiomarkerGroups(IDataView patients)
    {
        var egfr = Catalogs.SomaticGenes.ToList().IndexOf("EGFR");
        var mutations = patients.GetColumn<float[]>(PatientInputColumns.Mutations.Name);
        var scalars = patients.GetColumn<float[]>(PatientInputColumns.OmicsScalars.Name);
        return mutations.Zip(scalars, (m, o) => new GuidelineBiomarkers(
            float.IsNaN(m[egfr]) ? null : m[egfr] > 0.5f,
            float.IsNaN(o[1]) ? null : o[1]).Group).ToList();
    }

    /// <summary>Whether the retrospective training data supports recommending a regimen to a patient of this biomarker group.</summary>
    public bool IsSupported(string regimen, GuidelineGroup group) =>
        State.SupportedGroups is null || (State.SupportedGroups.TryGetValue(regimen, out var groups) && groups.Contains(group));

    internal IReadOnlyList<PatientPrediction> Predict(IReadOnlyList<string> ids, IReadOnlyList<GuidelineGroup> groups, IReadOnlyList<float[]> features)
    {
        var rows = FeatureTable.ToDataView(_ml, features, State.FeatureSize);
        var probabilities = new Dictionary<(string, string), double[]>();
        foreach (var model in OutcomeModels) probabilities[(model.Regimen, model.Outcome)] = model.Predict(rows, ids.Count);
        var result = new PatientPrediction[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var regimens = Regimens.Select(r =>
            {
                var response = probabilities[(r, Outcomes.Response)][i];
                var toxicity = probabilities[(r, Outcomes.SevereToxicity)][i];
                return new RegimenPrediction(r, response, toxicity, response - ToxicityWeight * toxicity, IsSupported(r, groups[i]));
            }).ToList();
            // Only regimens the training data shows for this biomarker group; all of them if it shows none.
            var eligible = regimens.Any(r => r.Supported) ? regimens.Where(r => r.Supported).ToList() : regimens;
            var best = eligible[0];
            foreach (var r in eligible)
                if (r.BenefitRisk > best.BenefitRisk) best = r;
            result[i] = new PatientPrediction(ids[i], regimens, best.Regimen);
        }
        return result;
    }

    internal static List<float[]> ExtractFeatures(IDataView transformed, int expectedSize)
    {
        var type = transformed.Schema[PatientFeaturizer.Features].Type as VectorDataViewType;
        if (type is null || type.Size != expectedSize)
            throw new InvalidOperationException($"Featuriser output '{PatientFeaturizer.Features}' has type {transformed.Schema[PatientFeaturizer.Features].Type}, the model expects Vector<Single, {expectedSize}>.");
        return transformed.GetColumn<float[]>(PatientFeaturizer.Features).ToList();
    }

    /// <summary>Writes the model to one bundle file (atomically).</summary>
    public void Save(string path)
    {
        var entries = new Dictionary<string, Action<Stream>>
        {
            [ModelBundle.MlNetEntry] = ModelBundle.MlNet(_ml, Featurizer, InputSchema),
            [StateEntry] = stream => JsonSerializer.Serialize(stream, State with { Outcomes = OutcomeModels.Select(m => m.State).ToList() }, Json),
        };
        var featureSchema = FeatureTable.ToDataView(_ml, [new float[State.FeatureSize]], State.FeatureSize).Schema;
        foreach (var model in OutcomeModels)
            if (model.Predictor is not null)
                entries[model.State.Entry!] = ModelBundle.MlNet(_ml, model.Predictor, featureSchema);
        ModelBundle.Save(path, Manifest, entries);
    }

    /// <summary>Loads a model written by <see cref="Save"/>; registers the custom mappings it needs.</summary>
    public static SupervisedBaselineModel Load(string path)
    {
        using var bundle = ModelBundle.Open(path);
        if (bundle.Manifest.Kind != BundleKind)
            throw new InvalidDataException($"'{path}' holds a '{bundle.Manifest.Kind}' model, not a {BundleKind}.");
        var ml = new MLContext(checked((int)bundle.Manifest.Seed));
        DtSmdrlCatalog.RegisterComponents(ml);
        var featurizer = bundle.LoadMlNet(ml, out var inputSchema);
        SupervisedModelState state;
        using (var stream = bundle.ReadEntry(StateEntry))
            state = JsonSerializer.Deserialize<SupervisedModelState>(stream, Json) ?? throw new InvalidDataException($"'{path}': {StateEntry} is empty.");
        var models = new List<OutcomeModel>();
        foreach (var s in state.Outcomes)
        {
            ITransformer? predictor = null;
            if (s.Kind == OutcomeModelState.Classifier)
            {
                using var stream = bundle.ReadEntry(s.Entry ?? throw new InvalidDataException($"'{path}': {s.Regimen}/{s.Outcome} has no entry name."));
                predictor = ml.Model.Load(stream, out _);
            }
            models.Add(new OutcomeModel(s, predictor));
        }
        return new SupervisedBaselineModel(ml, featurizer, inputSchema, state, models, bundle.Manifest);
    }
}

/// <summary>supervised.json: what the bundle needs besides the ML.NET parts.</summary>
internal sealed record SupervisedModelState
{
    public int FormatVersion { get; init; } = 1;

    public required double ToxicityWeight { get; init; }

    public required int FeatureSize { get; init; }

    public required PatientFeaturizerOptions Featurizer { get; init; }

    public required IReadOnlyList<string> Regimens { get; init; }

    public IReadOnlyList<OutcomeModelState> Outcomes { get; init; } = [];

    /// <summary>Regimen -> biomarker groups with enough training patients on it; null = no support rule.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<GuidelineGroup>>? SupportedGroups { get; init; }
}
