using System.Collections.Concurrent;
using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Preprocessing;
using DtSmdrl.Plugins.Contracts.Explainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Plugins.BuiltIn.Explainers.Models;

/// <summary>
/// The supervised baseline as an <see cref="ExplainableModel"/> over <see cref="PatientBiomarkers"/>. Outputs, for the
/// R modelled regimens in order: R calibrated response probabilities "P(response | r)", then R benefit-risk scores
/// "benefit-risk | r" (P(response) - w P(severe toxicity), what the recommendation maximises). A prediction runs the
/// whole model: the biomarker values are written into the context patient's featuriser row, then featurised and scored.
/// </summary>
public static class SupervisedExplainableModel
{
    /// <summary>Index of "P(response | regimen k)".</summary>
    public static int ResponseOutput(int regimen) => regimen;

    /// <summary>Index of "benefit-risk | regimen k" for a model with <paramref name="regimens"/> regimens.</summary>
    public static int BenefitRiskOutput(int regimen, int regimens) => regimens + regimen;

    /// <summary>
    /// Wraps <paramref name="model"/>. <paramref name="contexts"/> holds the records of every patient that may be a
    /// prediction context (explained patients); <paramref name="framework"/> is passed through for ML.NET's PFI.
    /// </summary>
    public static ExplainableModel Create(SupervisedBaselineModel model, string name, IReadOnlyDictionary<string, PatientRecord> contexts,
        MlNetFramework? framework = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contexts);
        var ml = new MLContext(seed: 0);
        var templates = new ConcurrentDictionary<string, PatientFeatureRow>(StringComparer.Ordinal);
        var regimens = model.Regimens;
        return new ExplainableModel
        {
            Name = name,
            Features = PatientBiomarkers.Features,
            Outputs = [.. regimens.Select(r => $"P(response | {r})"), .. regimens.Select(r => $"benefit-risk | {r}")],
            Framework = framework,
            Predict = (context, rows) =>
            {
                var template = templates.GetOrAdd(context, id => contexts.TryGetValue(id, out var record)
                    ? PatientDataView.ToRow(record)
                    : throw new KeyNotFoundException($"Model '{name}': no patient record for context '{id}'."));
                var view = ml.Data.LoadFromEnumerable(rows.Select(r => PatientBiomarkers.WithValues(template, r)).ToList());
                return model.Predict(view).Select(p =>
                    p.Regimens.Select(r => r.ResponseProbability).Concat(p.Regimens.Select(r => r.BenefitRisk)).ToArray()).ToArray();
            },
        };
    }

    /// <summary>
    /// The ML.NET handle for permutation importance of each response output: per regimen with a trained classifier, its
    /// predictor and its training patients (featurised, labelled with the retrospective response), and for each
    /// biomarker the Features slots that encode it (scaled value and missing indicator).
    /// </summary>
    public static MlNetFramework PermutationData(SupervisedBaselineModel model, IReadOnlyList<(PatientRecord Record, string Regimen, bool Response)> training)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        var ml = new MLContext(seed: 0);
        var byOutput = new Dictionary<int, MlNetPermutationTarget>();
        for (var k = 0; k < model.Regimens.Count; k++)
        {
            var outcome = model[model.Regimens[k], Outcomes.Response];
            var cell = training.Where(t => t.Regimen == model.Regimens[k]).ToList();
            if (outcome.Predictor is null || cell.Count == 0) continue;
            var transformed = model.Featurizer.Transform(PatientDataView.Create(ml, cell.Select(c => c.Record)));
            var features = transformed.GetColumn<float[]>(PatientFeaturizer.Features).ToList();
            var table = new FeatureTable(features, cell.Select(c => c.Response).ToList());
            byOutput[ResponseOutput(k)] = new MlNetPermutationTarget(outcome.Predictor, table.ToDataView(ml), Slots(transformed.Schema));
        }
        return new MlNetFramework(byOutput);
    }

    // Features = [Clinical, Lab, Omics, Imaging, ...] blocks, each [scaled raw inputs, missing indicators, extras].
    private static IReadOnlyList<IReadOnlyList<int>> Slots(DataViewSchema schema)
    {
        int Size(string column) => ((VectorDataViewType)schema[column].Type).Size;
        var clinical = 0;
        var labs = clinical + Size(PatientFeaturizer.ClinicalFeatures);
        var omics = labs + Size(PatientFeaturizer.LabFeatures);
        var imaging = omics + Size(PatientFeaturizer.OmicsFeatures);
        var slots = new List<IReadOnlyList<int>>();
        void Block(int offset, int rawCount, int from, int count)
        {
            for (var j = from; j < from + count; j++) slots.Add([offset + j, offset + rawCount + j]);
        }
        Block(clinical, PatientFeatureRow.ClinicalSize, 0, PatientFeatureRow.ClinicalSize);
        Block(labs, PatientFeatureRow.LabsSize, 0, PatientFeatureRow.LabsSize);
        // Omics raw order: Mutations (11), OmicsScalars (4), Expression (10); biomarker order: scalars, mutations, expression.
        var mutations = Catalogs.SomaticGenes.Count;
        var omicsRaw = mutations + PatientFeatureRow.OmicsScalarSize + Catalogs.ExpressionGenes.Count;
        Block(omics, omicsRaw, mutations, PatientFeatureRow.OmicsScalarSize);
        Block(omics, omicsRaw, 0, mutations);
        Block(omics, omicsRaw, mutations + PatientFeatureRow.OmicsScalarSize, Catalogs.ExpressionGenes.Count);
        var imagingRaw = PatientFeatureRow.LesionSlots + Catalogs.RadiomicsFeatures.Count;
        Block(imaging, imagingRaw, 0, imagingRaw);
        if (slots.Count != PatientBiomarkers.Features.Count)
            throw new InvalidOperationException($"Slot map covers {slots.Count} biomarkers, expected {PatientBiomarkers.Features.Count}.");
        return slots;
    }
}
