namespace DtSmdrl.Plugins.Contracts.Explainers;

/// <summary>
/// Predicts every output for a batch of rows. <c>context</c> is the id of the patient whose inputs outside
/// <see cref="ExplainableModel.Features"/> (free-text note, wearable series, history, ...) stay fixed while the
/// features vary; models whose inputs are exactly the features ignore it. Rows hold one value per feature in
/// feature order, NaN = missing. Returns one array of <see cref="ExplainableModel.Outputs"/> values per row.
/// </summary>
public delegate double[][] BatchPredictor(string context, IReadOnlyList<double[]> rows);

/// <summary>
/// Gradient of a target with respect to the features, one array per row (0 for a missing feature).
/// Only differentiable models provide it.
/// </summary>
public delegate double[][] BatchGradient(string context, IReadOnlyList<double[]> rows, ExplanationTarget target);

/// <summary>
/// Per row and per <see cref="ExplainableModel.Groups"/> entry, how much the model attends to that group
/// (shares summing to 1 over present groups), with a spread (e.g. across attention heads). Only attention models provide it.
/// </summary>
public delegate GroupAttention[] BatchAttention(string context, IReadOnlyList<double[]> rows);

/// <summary>Attention shares of one row.</summary>
/// <param name="Share">Per group, its share of the attention (sum 1 over present groups; 0 for absent ones).</param>
/// <param name="Spread">Per group, the standard deviation of that share (e.g. across heads).</param>
public sealed record GroupAttention(double[] Share, double[] Spread);

/// <summary>
/// A model as explainers see it, free of any framework type: named features with units, named outputs
/// (e.g. P(response) per regimen) and a batch prediction function. Optional capabilities (a gradient, attention,
/// a framework handle) let specialised explainers work where they apply; model-agnostic explainers need only
/// <see cref="Predict"/>.
/// </summary>
public sealed record ExplainableModel
{
    /// <summary>Display name, e.g. "Supervised Model (seed 1)".</summary>
    public required string Name { get; init; }

    /// <summary>The inputs that attributions are over, in row order.</summary>
    public required IReadOnlyList<ModelFeature> Features { get; init; }

    /// <summary>Output names, e.g. "P(response | immuno)".</summary>
    public required IReadOnlyList<string> Outputs { get; init; }

    /// <summary>Batch prediction (required).</summary>
    public required BatchPredictor Predict { get; init; }

    /// <summary>Gradient of a target with respect to the features, or null when the model is not differentiable.</summary>
    public BatchGradient? Gradient { get; init; }

    /// <summary>Group names that <see cref="Attention"/> reports on (e.g. the modalities).</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Attention per group, or null when the model has none.</summary>
    public BatchAttention? Attention { get; init; }

    /// <summary>
    /// Handle for explainers that understand the model's framework (e.g. an ML.NET predictor with labelled data
    /// for ML.NET's permutation feature importance); null when there is none. Other explainers ignore it.
    /// </summary>
    public object? Framework { get; init; }

    /// <summary>Index of a feature by name; throws naming the model when absent.</summary>
    public int FeatureIndex(string name)
    {
        for (var i = 0; i < Features.Count; i++)
            if (Features[i].Name == name) return i;
        throw new KeyNotFoundException($"Model '{Name}' has no feature '{name}'.");
    }

    /// <summary>Checks that rows have one value per feature; the message names the model, the set and the row.</summary>
    public void CheckRows(IReadOnlyList<double[]> rows, string setName)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var r = 0; r < rows.Count; r++)
            if (rows[r] is null || rows[r].Length != Features.Count)
                throw new ArgumentException($"Model '{Name}', {setName} row {r}: expected {Features.Count} values, got {rows[r]?.Length.ToString() ?? "null"}.");
    }
}
