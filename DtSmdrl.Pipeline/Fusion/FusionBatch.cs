using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>A minibatch as tensors on a device: one [B, F_m] tensor per modality, presence [B, M] and targets [B, L]/[B, R].</summary>
internal sealed record FusionBatch(Tensor[] Modalities, Tensor Present, Tensor LatentTargets, Tensor ResponseTargets, Tensor ToxicityTargets)
{
    /// <summary>Builds the tensors for <paramref name="examples"/>[<paramref name="indices"/>] inside the caller's dispose scope.</summary>
    public static FusionBatch Create(FusionArchitecture architecture, IReadOnlyList<FusionExample> examples, ReadOnlySpan<int> indices, Device device)
    {
        var rows = indices.Length;
        var modalityCount = architecture.Modalities.Count;
        var modalityTensors = new Tensor[modalityCount];
        for (var m = 0; m < modalityCount; m++)
        {
            var width = architecture.Modalities[m].FeatureCount;
            var values = new float[rows * width];
            for (var r = 0; r < rows; r++)
                Array.Copy(examples[indices[r]].Modalities[m], 0, values, r * width, width);
            modalityTensors[m] = tensor(values, [rows, width], device: device);
        }
        var present = new bool[rows * modalityCount];
        var latent = new float[rows * architecture.LatentCount];
        var response = new float[rows * architecture.RegimenCount];
        var toxicity = new float[rows * architecture.RegimenCount];
        for (var r = 0; r < rows; r++)
        {
            var example = examples[indices[r]];
            Array.Copy(example.Present, 0, present, r * modalityCount, modalityCount);
            Array.Copy(example.LatentTargets, 0, latent, r * architecture.LatentCount, architecture.LatentCount);
            Array.Copy(example.ResponseTargets, 0, response, r * architecture.RegimenCount, architecture.RegimenCount);
            Array.Copy(example.ToxicityTargets, 0, toxicity, r * architecture.RegimenCount, architecture.RegimenCount);
        }
        return new FusionBatch(
            modalityTensors,
            tensor(present, [rows, modalityCount], device: device),
            tensor(latent, [rows, architecture.LatentCount], device: device),
            tensor(response, [rows, architecture.RegimenCount], device: device),
            tensor(toxicity, [rows, architecture.RegimenCount], device: device));
    }

    /// <summary>Checks every example against the architecture; the message names the set, the example and the field.</summary>
    public static void Validate(FusionArchitecture architecture, IReadOnlyList<FusionExample> examples, string setName)
    {
        for (var i = 0; i < examples.Count; i++)
        {
            var e = examples[i] ?? throw new ArgumentException($"{setName} example {i} is null.");
            string Where(string field) => $"{setName} example {i}, field {field}";
            if (e.Modalities is null || e.Modalities.Length != architecture.Modalities.Count)
                throw new ArgumentException($"{Where("Modalities")}: expected {architecture.Modalities.Count} modality arrays, got {e.Modalities?.Length.ToString() ?? "null"}.");
            if (e.Present is null || e.Present.Length != architecture.Modalities.Count)
                throw new ArgumentException($"{Where("Present")}: expected {architecture.Modalities.Count} flags, got {e.Present?.Length.ToString() ?? "null"}.");
            for (var m = 0; m < architecture.Modalities.Count; m++)
            {
                var spec = architecture.Modalities[m];
                var values = e.Modalities[m];
                if (values is null || values.Length != spec.FeatureCount)
                    throw new ArgumentException($"{Where($"Modalities[{m}]")} ('{spec.Name}'): expected {spec.FeatureCount} values, got {values?.Length.ToString() ?? "null"}.");
                if (e.Present[m])
                    foreach (var v in values)
                        if (float.IsInfinity(v))
                            throw new ArgumentException($"{Where($"Modalities[{m}]")} ('{spec.Name}'): infinite value; use NaN for a missing feature.");
            }
            CheckTargets(e.LatentTargets, architecture.LatentCount, Where("LatentTargets"), binary: false);
            CheckTargets(e.ResponseTargets, architecture.RegimenCount, Where("ResponseTargets"), binary: true);
            CheckTargets(e.ToxicityTargets, architecture.RegimenCount, Where("ToxicityTargets"), binary: true);
        }
    }

    private static void CheckTargets(float[]? targets, int expected, string where, bool binary)
    {
        if (targets is null || targets.Length != expected)
            throw new ArgumentException($"{where}: expected {expected} values, got {targets?.Length.ToString() ?? "null"}.");
        foreach (var t in targets)
        {
            if (float.IsInfinity(t))
                throw new ArgumentException($"{where}: infinite target; use NaN for unknown.");
            if (binary && !float.IsNaN(t) && t != 0f && t != 1f)
                throw new ArgumentException($"{where}: binary target {t}; expected 0, 1 or NaN (unobserved).");
        }
    }
}
