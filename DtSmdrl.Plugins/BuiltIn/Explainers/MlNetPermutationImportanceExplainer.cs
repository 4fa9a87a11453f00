using System.Diagnostics;
using DtSmdrl.Plugins.Contracts.Explainers;
using Microsoft.ML;

namespace DtSmdrl.Plugins.BuiltIn.Explainers;

/// <summary>What ML.NET's permutation feature importance needs for one output of a model.</summary>
/// <param name="Predictor">The ML.NET binary prediction transformer (reads a Features vector column, writes Probability).</param>
/// <param name="LabelledFeatures">Featurised rows with a Boolean Label column, as the predictor was trained on.</param>
/// <param name="SlotsPerFeature">For each <see cref="ExplainableModel.Features"/> entry, the Features slots that encode it
/// (e.g. its scaled value and its missing indicator).</param>
public sealed record MlNetPermutationTarget(ITransformer Predictor, IDataView LabelledFeatures, IReadOnlyList<IReadOnlyList<int>> SlotsPerFeature);

/// <summary>
/// The <see cref="ExplainableModel.Framework"/> handle of an ML.NET model: per output index, its predictor and data;
/// an output without an entry does not depend on any feature (e.g. a base-rate model), so every importance is 0.
/// </summary>
public sealed record MlNetFramework(IReadOnlyDictionary<int, MlNetPermutationTarget> ByOutput);

/// <summary>
/// ML.NET's own permutation feature importance (<c>BinaryClassification.PermutationFeatureImportance</c>), global only:
/// the drop in AUC when one Features slot is shuffled, averaged over permutations; a clinical feature's importance is the
/// sum over its slots (value and missing indicator), its standard error the root sum of the slots' squared errors.
/// </summary>
public sealed class MlNetPermutationImportanceExplainer : IGlobalExplainer
{
    public string Name => "Permutation importance (ML.NET)";

    public bool Supports(ExplainableModel model, out string reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        reason = model.Framework is MlNetFramework ? "" : $"model '{model.Name}' is not an ML.NET model with labelled data";
        return model.Framework is MlNetFramework;
    }

    public IReadOnlyList<GlobalImportance> Rank(GlobalExplanationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Validate();
        var model = request.Model;
        var framework = model.Framework as MlNetFramework
            ?? throw new ArgumentException($"Model '{model.Name}' has no ML.NET handle (Framework is {model.Framework?.GetType().Name ?? "null"}).", nameof(request));
        return request.Outputs.Select(o =>
        {
            var clock = Stopwatch.StartNew();
            IEnumerable<FeatureImportance> importances;
            if (!framework.ByOutput.TryGetValue(o, out var target))
                importances = model.Features.Select(f => new FeatureImportance(f.Name, f.Unit, 0, 0));
            else
            {
                if (target.SlotsPerFeature.Count != model.Features.Count)
                    throw new ArgumentException($"Model '{model.Name}', output '{model.Outputs[o]}': {target.SlotsPerFeature.Count} slot lists for {model.Features.Count} features.");
                var predictor = target.Predictor as ISingleFeaturePredictionTransformer<object>
                    ?? throw new ArgumentException($"Model '{model.Name}', output '{model.Outputs[o]}': the predictor ({target.Predictor.GetType().Name}) is not a single-feature prediction transformer.");
                var ml = new MLContext(request.Options.Seed);
                var slots = ml.BinaryClassification.PermutationFeatureImportance(predictor, target.LabelledFeatures,
                    labelColumnName: "Label", permutationCount: request.Options.Permutations);
                importances = model.Features.Select((f, j) =>
                {
                    var own = target.SlotsPerFeature[j];
                    var drop = -own.Sum(s => slots[s].AreaUnderRocCurve.Mean);
                    var error = Math.Sqrt(own.Sum(s => slots[s].AreaUnderRocCurve.StandardError * slots[s].AreaUnderRocCurve.StandardError));
                    return new FeatureImportance(f.Name, f.Unit, drop, error);
                });
            }
            var ranked = AttributionReports.Rank(importances.ToList());
            return new GlobalImportance(Name, model.Outputs[o], ranked, clock.Elapsed.TotalSeconds);
        }).ToList();
    }
}
