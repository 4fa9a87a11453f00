namespace DtSmdrl.Pipeline.Fusion;

/// <summary>One input modality of the fusion model: its name and how many features (tokens) it has.</summary>
/// <param name="Name">Modality name, e.g. "Labs"; used in error messages and attention reports.</param>
/// <param name="FeatureCount">Number of scalar features; each becomes one token. The wearable series enters as a
/// fixed-length summary vector (e.g. 8 values), so it is tabular here too.</param>
public sealed record FusionModalitySpec(string Name, int FeatureCount);
