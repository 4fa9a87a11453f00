namespace DtSmdrl.Plugins.Contracts.Explainers;

/// <summary>
/// The scalar being explained: output <see cref="Output"/> of the model, minus output <see cref="Contrast"/> when given.
/// A recommendation is explained with Output = the chosen regimen and Contrast = the best alternative, so positive
/// attributions push towards the chosen regimen and negative ones towards the alternative.
/// </summary>
/// <param name="Output">Index into <see cref="ExplainableModel.Outputs"/>.</param>
/// <param name="Contrast">Index of the output subtracted, or null to explain <see cref="Output"/> alone.</param>
public sealed record ExplanationTarget(int Output, int? Contrast = null)
{
    /// <summary>The target's value for one row of model outputs.</summary>
    public double Score(IReadOnlyList<double> outputs) =>
        Contrast is int c ? outputs[Output] - outputs[c] : outputs[Output];

    /// <summary>Readable label, e.g. "immuno" or "immuno - chemo_full".</summary>
    public string Label(IReadOnlyList<string> outputNames) =>
        Contrast is int c ? $"{outputNames[Output]} - {outputNames[c]}" : outputNames[Output];

    /// <summary>Checks the indices against a model; the message names the model and the index.</summary>
    public void Validate(ExplainableModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Output < 0 || Output >= model.Outputs.Count)
            throw new ArgumentOutOfRangeException(nameof(Output), Output, $"Model '{model.Name}' has {model.Outputs.Count} outputs.");
        if (Contrast is int c && (c < 0 || c >= model.Outputs.Count || c == Output))
            throw new ArgumentOutOfRangeException(nameof(Contrast), c, $"Model '{model.Name}': the contrast must be another of its {model.Outputs.Count} outputs.");
    }
}
