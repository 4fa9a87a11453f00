using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Plugins.Contracts.Explainers;
using TorchSharp;
using static TorchSharp.torch;

namespace DtSmdrl.Plugins.BuiltIn.Explainers.Models;

/// <summary>
/// A fusion transformer trained on a cohort's retrospective first-line courses over the <see cref="PatientBiomarkers"/>
/// (four modalities: clinical, labs, omics, imaging; each feature standardised with the training split's mean and
/// standard deviation, NaN kept as missing), with response and severe-toxicity heads per regimen and no latent head.
/// Only the regimen a patient was given has an observed target. Owns (and disposes) the TorchSharp model.
/// </summary>
public sealed class CohortFusionModel : IDisposable
{
    private readonly Tensor _mean;
    private readonly Tensor _scale;

    private CohortFusionModel(FusionTransformerModel model, IReadOnlyList<string> regimens, double[] mean, double[] scale, double toxicityWeight)
    {
        Model = model;
        Regimens = regimens;
        Mean = mean;
        Scale = scale;
        ToxicityWeight = toxicityWeight;
        _mean = tensor(mean.Select(v => (float)v).ToArray());
        _scale = tensor(scale.Select(v => (float)v).ToArray());
    }

    /// <summary>The trained network (eval mode).</summary>
    public FusionTransformerModel Model { get; }

    /// <summary>Regimens of the response and toxicity heads, in head order.</summary>
    public IReadOnlyList<string> Regimens { get; }

    /// <summary>Per biomarker, the training mean and standard deviation used to standardise it.</summary>
    public double[] Mean { get; }

    public double[] Scale { get; }

    /// <summary>w of benefit-risk = P(response) - w P(severe toxicity).</summary>
    public double ToxicityWeight { get; }

    /// <summary>Trains on the training split with early stopping on the validation split.</summary>
    public static CohortFusionModel Train(StudyData data, IReadOnlyList<string> regimens, FusionOptions options, double toxicityWeight = 0.5)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(regimens);
        var train = data.Train.Select(p => PatientBiomarkers.Values(PatientDataView.ToRow(p.Observed))).ToList();
        var features = PatientBiomarkers.Features.Count;
        var mean = new double[features];
        var scale = new double[features];
        for (var j = 0; j < features; j++)
        {
            var values = train.Select(r => r[j]).Where(v => !double.IsNaN(v)).ToArray();
            mean[j] = values.Length == 0 ? 0 : values.Average();
            var sd = values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean[j]) * (v - mean[j])) / (values.Length - 1));
            scale[j] = sd > 1e-9 ? sd : 1;
        }
        var trainExamples = Examples(data.Train, data.TrainCourses, regimens, mean, scale);
        var validationExamples = Examples(data.Validation, data.ValidationCourses, regimens, mean, scale);
        var specs = PatientBiomarkers.Groups.Select((g, m) => new FusionModalitySpec(g, PatientBiomarkers.GroupSizes[m])).ToArray();
        var result = FusionTrainer.Train(specs, options, trainExamples, validationExamples);
        return new CohortFusionModel(result.Model, regimens, mean, scale, toxicityWeight);
    }

    /// <summary>
    /// Fusion examples of patients: standardised biomarkers per modality, presence = any value in the modality, and
    /// the observed response and severe toxicity of the regimen each patient was given first (NaN elsewhere).
    /// </summary>
    public static FusionExample[] Examples(IReadOnlyList<StudyPatient> patients, IReadOnlyList<RetrospectiveCourse> courses, IReadOnlyList<string> regimens,
        double[] mean, double[] scale)
    {
        var byPatient = courses.ToDictionary(c => c.PatientId, StringComparer.Ordinal);
        return patients.Select(p =>
        {
            var response = Enumerable.Repeat(float.NaN, regimens.Count).ToArray();
            var toxicity = Enumerable.Repeat(float.NaN, regimens.Count).ToArray();
            if (byPatient.TryGetValue(p.Id, out var course) && regimens.ToList().IndexOf(course.FirstRegimen) is var k && k >= 0)
            {
                response[k] = course.ObjectiveResponse ? 1 : 0;
                toxicity[k] = course.SevereToxicity ? 1 : 0;
            }
            var (modalities, present) = Split(PatientBiomarkers.Values(PatientDataView.ToRow(p.Observed)), mean, scale);
            return new FusionExample(modalities, present, [], response, toxicity);
        }).ToArray();
    }

    /// <summary>The fusion input of one biomarker row: standardised values per modality and presence flags.</summary>
    public static (float[][] Modalities, bool[] Present) Split(double[] values, double[] mean, double[] scale)
    {
        var modalities = new float[PatientBiomarkers.Groups.Count][];
        var present = new bool[modalities.Length];
        var next = 0;
        for (var m = 0; m < modalities.Length; m++)
        {
            modalities[m] = new float[PatientBiomarkers.GroupSizes[m]];
            for (var j = 0; j < modalities[m].Length; j++, next++)
                modalities[m][j] = double.IsNaN(values[next]) ? float.NaN : (float)((values[next] - mean[next]) / scale[next]);
            present[m] = modalities[m].Any(v => !float.IsNaN(v));
        }
        return (modalities, present);
    }

    /// <summary>
    /// The model as an <see cref="ExplainableModel"/>: outputs as the supervised adapter's (R response probabilities, then
    /// R benefit-risk scores), a gradient by autograd (deterministic pass, no dropout) and attention per modality.
    /// </summary>
    public ExplainableModel AsExplainable(string name) => new()
    {
        Name = name,
        Features = PatientBiomarkers.Features,
        Outputs = [.. Regimens.Select(r => $"P(response | {r})"), .. Regimens.Select(r => $"benefit-risk | {r}")],
        Predict = TorchFunctions.Predictor(Outputs),
        Gradient = TorchFunctions.Gradient(Outputs),
        Groups = PatientBiomarkers.Groups,
        Attention = (_, rows) => rows.Select(Attention).ToArray(),
    };

    /// <summary>[B, 2R] outputs (response probabilities, benefit-risk) for raw biomarker rows [B, F].</summary>
    public Tensor Outputs(Tensor raw)
    {
        var output = Forward(raw);
        var response = output.ResponseLogits.sigmoid();
        return cat([response, response - ToxicityWeight * output.ToxicityLogits.sigmoid()], 1);
    }

    private FusionOutput Forward(Tensor raw)
    {
        Model.eval();
        var standardised = (raw - _mean) / _scale;
        var modalities = new List<Tensor>();
        var present = new List<Tensor>();
        var start = 0;
        foreach (var size in PatientBiomarkers.GroupSizes)
        {
            var block = standardised[TensorIndex.Colon, TensorIndex.Slice(start, start + size)];
            modalities.Add(block);
            present.Add(block.isnan().logical_not().any(1));
            start += size;
        }
        return Model.Forward(modalities, stack(present, 1), applyModalityDropout: false);
    }

    private GroupAttention Attention(double[] row)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = Forward(tensor(row.Select(v => (float)v).ToArray(), [1, row.Length]));
        // Last layer, [CLS] query: [1, H, T] -> per head the mass on each modality's tokens, normalised over modalities.
        var fromCls = output.Attention[TensorIndex.Colon, TensorIndex.Colon, 0];
        var offsets = Model.ModalityTokenOffsets();
        var perModality = stack(offsets.Select((o, m) => fromCls[TensorIndex.Ellipsis, TensorIndex.Slice(o, o + PatientBiomarkers.GroupSizes[m])].sum(-1)).ToArray(), -1);
        var shares = (perModality / perModality.sum(-1, keepdim: true).clamp_min(1e-12))[0];
        var mean = shares.mean([0]).to_type(ScalarType.Float64).data<double>().ToArray();
        var spread = shares.std(0, unbiased: false).to_type(ScalarType.Float64).data<double>().ToArray();
        return new GroupAttention(mean, spread);
    }

    public void Dispose()
    {
        Model.Dispose();
        _mean.Dispose();
        _scale.Dispose();
    }
}
