namespace DtSmdrl.Pipeline.Fusion;

/// <summary>The data-dependent shape of a fusion model: its modalities and head sizes.</summary>
/// <param name="Modalities">Input modalities in the order of <see cref="FusionExample.Modalities"/>.</param>
/// <param name="LatentCount">L: number of twin-parameter latents (the prior head predicts mean and log-spread of each).</param>
/// <param name="RegimenCount">R: number of regimens (one response and one toxicity probability each).</param>
public sealed record FusionArchitecture(IReadOnlyList<FusionModalitySpec> Modalities, int LatentCount, int RegimenCount)
{
    /// <summary>Total tokens without [CLS].</summary>
    public int FeatureCount => Modalities.Sum(m => m.FeatureCount);

    /// <summary>Checks the shape; the message names the offending field.</summary>
    public void Validate()
    {
        if (Modalities is null || Modalities.Count == 0)
            throw new ArgumentException("FusionArchitecture.Modalities: at least one modality is required.");
        for (var i = 0; i < Modalities.Count; i++)
        {
            var m = Modalities[i];
            if (string.IsNullOrWhiteSpace(m.Name))
                throw new ArgumentException($"FusionArchitecture.Modalities[{i}].Name is empty.");
            if (m.FeatureCount < 1)
                throw new ArgumentException($"FusionArchitecture.Modalities[{i}] ('{m.Name}').FeatureCount must be >= 1, got {m.FeatureCount}.");
        }
        var duplicate = Modalities.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"FusionArchitecture.Modalities: name '{duplicate.Key}' appears {duplicate.Count()} times.");
        if (LatentCount < 0)
            throw new ArgumentException($"FusionArchitecture.LatentCount must be >= 0, got {LatentCount}.");
        if (RegimenCount < 0)
            throw new ArgumentException($"FusionArchitecture.RegimenCount must be >= 0, got {RegimenCount}.");
        if (LatentCount == 0 && RegimenCount == 0)
            throw new ArgumentException("FusionArchitecture: LatentCount and RegimenCount are both 0, so the model has no head to train.");
    }
}
