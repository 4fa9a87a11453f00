using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Plugins.Contracts.Explainers;
using TorchSharp;
using static TorchSharp.torch;

namespace DtSmdrl.Plugins.BuiltIn.Explainers.Models;

/// <summary>
/// A PPO policy as an <see cref="ExplainableModel"/> over its patient context (<see cref="PatientContext"/>, 19 values:
/// scaled biomarkers and missing flags, named after the biomarker each one reads). Outputs are the policy's action
/// logits (one per regimen, masked actions excluded: the mask is all-allowed). The decision-time twin observation and
/// alive flag are held at the explained patient's values (the <see cref="BatchPredictor"/> context), so attributions
/// say how the patient's biomarkers moved the first decision.
/// </summary>
public static class PolicyExplainableModel
{
    /// <summary>The context features, in <see cref="PatientContext.Features"/> order, with the biomarker each reads and its scaling as unit.</summary>
    public static IReadOnlyList<ModelFeature> Features { get; } =
    [
        new("omics.mut.EGFR", "0/1 mutated", "omics"), new("omics.mut.EGFR (missing)", "0/1", "omics"),
        new("omics.pdl1_tps_pct", "% TPS / 100", "omics"), new("omics.tmb_mut_per_mb", "mut/Mb / 20", "omics"),
        new("omics.pdl1_tmb (missing)", "0/1", "omics"), new("clinical.age_years", "years / 100", "clinical"),
        new("clinical.ecog", "ECOG / 4", "clinical"), new("clinical (missing)", "0/1", "clinical"),
        new("imaging.sum_of_diameters_mm", "mm / 100", "imaging"), new("imaging (missing)", "0/1", "imaging"),
        new("labs.anc_10e9_per_l", "10^9/L / 5", "labs"), new("labs.anc (missing)", "0/1", "labs"),
        new("omics.expr.CD8A", "log2(TPM+1) / 10", "omics"), new("omics.expr.CXCL9", "log2(TPM+1) / 10", "omics"),
        new("omics.expr.IFNG", "log2(TPM+1) / 10", "omics"), new("omics.expr.GZMB", "log2(TPM+1) / 10", "omics"),
        new("omics.expr.ABCB1", "log2(TPM+1) / 10", "omics"), new("omics.expr.MKI67", "log2(TPM+1) / 10", "omics"),
        new("omics.expr (missing)", "0/1", "omics"),
    ];

    /// <summary>
    /// Wraps <paramref name="policy"/>. <paramref name="decisionState"/> maps each context id to its twin observation
    /// plus alive flag (the first <see cref="TwinObservation.Size"/> + 1 values of an <see cref="AgentObservation"/> row).
    /// </summary>
    public static ExplainableModel Create(PpoPolicy policy, ActionSet actions, string name, IReadOnlyDictionary<string, float[]> decisionState)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(decisionState);
        if (policy.Shape.ObservationSize != AgentObservation.Size(PatientContext.Size))
            throw new ArgumentException($"Policy '{name}' reads {policy.Shape.ObservationSize} values; a personalised policy reads {AgentObservation.Size(PatientContext.Size)}.", nameof(policy));
        if (policy.Shape.ActionCount != actions.Count)
            throw new ArgumentException($"Policy '{name}' has {policy.Shape.ActionCount} actions, the action set {actions.Count}.", nameof(actions));
        var normalizer = policy.Normalizer;
        var mean = tensor(normalizer.Mean.Select(v => (float)v).ToArray());
        var scale = tensor(normalizer.Variance.Select(v => (float)Math.Sqrt(v + 1e-8)).ToArray());
        Func<Tensor, Tensor> Logits(string context)
        {
            var state = decisionState.TryGetValue(context, out var s) ? s
                : throw new KeyNotFoundException($"Policy '{name}': no decision-time observation for context '{context}'.");
            return features =>
            {
                var rows = features.shape[0];
                var observation = cat([tensor(state).unsqueeze(0).expand(rows, -1), features], 1);
                // The normaliser's own transform, in torch so that the gradient flows through it.
                var normalised = ((observation - mean) / scale).clamp(-ObservationNormalizer.ClipRange, ObservationNormalizer.ClipRange);
                policy.Network.eval();
                return policy.Network.Forward(normalised, ones(rows, actions.Count, dtype: ScalarType.Bool)).Logits;
            };
        }
        return new ExplainableModel
        {
            Name = name,
            Features = Features,
            Outputs = actions.Select(a => $"logit | {a.Name}").ToList(),
            Predict = (context, rows) => TorchFunctions.Predictor(Logits(context))(context, rows),
            Gradient = (context, rows, target) => TorchFunctions.Gradient(Logits(context))(context, rows, target),
        };
    }

    /// <summary>
    /// Per patient, the twin observation and alive flag at the first decision (the held part of the policy's input), from
    /// one twin of the patient's biomarker-conditioned prior. Deterministic for a seed.
    /// </summary>
    public static Dictionary<string, float[]> DecisionStates(IReadOnlyList<StudyPatient> patients, TwinEnvironmentOptions environment, int seed)
    {
        var prior = new TwinPrior();
        var rng = new Random(seed + 101);
        var states = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var p in patients)
        {
            var context = PatientContext.Features(p.Observed);
            var twin = PatientContext.SampleTwins(p.Observed, prior, 1, rng);
            var env = new TwinVectorEnv(1, twin, [context], environment);
            var observation = new float[env.ObservationSize];
            env.Reset([rng.NextInt64()], observation, new bool[env.ActionCount]);
            states[p.Id] = observation.AsSpan(0, TwinObservation.Size + 1).ToArray();
        }
        return states;
    }
}
