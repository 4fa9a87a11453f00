using System.Diagnostics;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.BuiltIn.Explainers;

/// <summary>
/// The fusion model's own attention, per modality: the share of the last layer's [CLS] attention that lands on each
/// modality's tokens (mean over heads), with the spread across heads as its uncertainty. It says where the model looked,
/// not how much each modality changed the output, so it is not additive and not tied to an output: the same shares are
/// reported whatever the target, and the global ranking is the mean share over patients.
/// </summary>
public sealed class ModalityAttentionExplainer : IPatientExplainer, IGlobalExplainer
{
    public string Name => "Fusion attention (per modality)";

    public bool Supports(ExplainableModel model, out string reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        reason = model.Attention is null ? $"model '{model.Name}' has no attention" : "";
        return model.Attention is not null;
    }

    public IReadOnlyList<PatientExplanation> Explain(ExplanationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model;
        var attention = model.Attention ?? throw new ArgumentException($"Model '{model.Name}' has no attention.", nameof(request));
        return request.Patients.Select(patient =>
        {
            var clock = Stopwatch.StartNew();
            patient.Target.Validate(model);
            var shares = attention(patient.PatientId, [patient.Values])[0];
            var prediction = patient.Target.Score(model.Predict(patient.PatientId, [patient.Values])[0]);
            var attributions = model.Groups.Select((g, k) => new FeatureAttribution(g, "share of [CLS] attention", shares.Share[k], shares.Share[k], shares.Spread[k])).ToList();
            return new PatientExplanation(patient.PatientId, Name, patient.Target.Label(model.Outputs), prediction, double.NaN, attributions, double.NaN,
                clock.Elapsed.TotalSeconds);
        }).ToList();
    }

    public IReadOnlyList<GlobalImportance> Rank(GlobalExplanationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model;
        var attention = model.Attention ?? throw new ArgumentException($"Model '{model.Name}' has no attention.", nameof(request));
        var clock = Stopwatch.StartNew();
        var shares = request.Rows.Select((row, i) => attention(request.PatientIds[i], [row])[0].Share).ToList();
        var n = shares.Count;
        var ranked = AttributionReports.Rank(model.Groups.Select((g, k) =>
        {
            var values = shares.Select(s => s[k]).ToArray();
            var mean = n == 0 ? 0 : values.Average();
            var sd = n < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
            return new FeatureImportance(g, "share of [CLS] attention", mean, n == 0 ? 0 : sd / Math.Sqrt(n));
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        return request.Outputs.Select(o => new GlobalImportance(Name, model.Outputs[o], ranked, seconds)).ToList();
    }
}
