namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// A synthetic cohort with a planted signal for tests and the benchmark: the seven modalities of
/// <c>PatientFeatureRow</c> (wearables as 8 summary values), random absent modalities (Clinical always present),
/// scattered missing features, L latents linear in a few features, and per-regimen response and toxicity
/// where only the assigned regimen's outcome is observed.
/// </summary>
/// <remarks>
/// Planted rules: response logit = 3 * Clinical[0] + 1.5 * (regimen-specific sign) * Labs[1]; toxicity logit =
/// 2 * Clinical[1] - 1; latent k = 0.8 * Clinical[k mod 4] + 0.5 * Labs[k] + N(0, 0.3^2). Features are N(0, 1).
/// </remarks>
public static class FusionSyntheticCohort
{
    /// <summary>The modality layout used: Clinical 4, Labs 10, Mutations 11, Omics 4, Expression 10, Radiomics 6, Wearable 8.</summary>
    public static IReadOnlyList<FusionModalitySpec> Specs { get; } =
    [
        new("Clinical", 4), new("Labs", 10), new("Mutations", 11), new("Omics", 4),
        new("Expression", 10), new("Radiomics", 6), new("WearableSummary", 8),
    ];

    /// <summary>Generates <paramref name="count"/> patients with <paramref name="latents"/> latents and <paramref name="regimens"/> regimens.</summary>
    public static FusionExample[] Generate(int count, long seed, int latents = 3, int regimens = 3, double absentProbability = 0.2, double missingFeatureProbability = 0.05)
    {
        var rng = new Random(unchecked((int)seed));
        var examples = new FusionExample[count];
        for (var i = 0; i < count; i++)
        {
            var modalities = new float[Specs.Count][];
            var present = new bool[Specs.Count];
            for (var m = 0; m < Specs.Count; m++)
            {
                present[m] = m == 0 || rng.NextDouble() >= absentProbability;
                modalities[m] = new float[Specs[m].FeatureCount];
                for (var f = 0; f < modalities[m].Length; f++)
                    modalities[m][f] = (float)Gaussian(rng);
            }
            var clinical = modalities[0];
            // Labs carry signal whether present or not; an absent Labs modality hides it, as in the clinic.
            var labs = modalities[1];
            var latentTargets = new float[latents];
            for (var k = 0; k < latents; k++)
                latentTargets[k] = (float)(0.8 * clinical[k % 4] + 0.5 * labs[k % labs.Length] + 0.3 * Gaussian(rng));
            var regimen = rng.Next(regimens);
            var response = Enumerable.Repeat(float.NaN, regimens).ToArray();
            var toxicity = Enumerable.Repeat(float.NaN, regimens).ToArray();
            var sign = regimen % 2 == 0 ? 1.0 : -1.0;
            response[regimen] = Bernoulli(rng, 3.0 * clinical[0] + 1.5 * sign * labs[1]);
            toxicity[regimen] = Bernoulli(rng, 2.0 * clinical[1] - 1.0);
            // Missing features are blanked after the outcomes are drawn, so the signal is partly hidden too.
            for (var m = 0; m < Specs.Count; m++)
            {
                if (!present[m])
                {
                    Array.Fill(modalities[m], float.NaN);
                    continue;
                }
                for (var f = 0; f < modalities[m].Length; f++)
                    if (rng.NextDouble() < missingFeatureProbability)
                        modalities[m][f] = float.NaN;
            }
            examples[i] = new FusionExample(modalities, present, latentTargets, response, toxicity);
        }
        return examples;
    }

    private static float Bernoulli(Random rng, double logit) => rng.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1f : 0f;

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
