using System.Diagnostics;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.BuiltIn.Explainers;

/// <summary>Integrated-gradients attributions of one patient for one target.</summary>
/// <param name="Values">Attribution per feature (0 for a missing value: it stays missing along the path).</param>
/// <param name="DiscretisationErrors">Per feature |IG(m) - IG(m/2)| / 3, the trapezoid rule's error estimate.</param>
/// <param name="Prediction">Target at the patient's values.</param>
/// <param name="Reference">Target at the baseline.</param>
/// <param name="CompletenessGap">Sum of attributions - (Prediction - Reference).</param>
public sealed record GradientAttribution(double[] Values, double[] DiscretisationErrors, double Prediction, double Reference, double CompletenessGap);

/// <summary>
/// Integrated gradients (Sundararajan et al. 2017) for models that expose a gradient: attribution_j =
/// (x_j - x'_j) * integral over a in [0, 1] of dF/dx_j(x' + a (x - x')), by the trapezoid rule with m steps. The baseline
/// x' is the background mean of each feature. Completeness (attributions sum to F(x) - F(x')) holds up to the
/// discretisation error and is reported per patient. Global: mean |attribution| per output over the patients.
/// </summary>
public sealed class IntegratedGradientsExplainer : IPatientExplainer, IGlobalExplainer
{
    public string Name => "Integrated gradients";

    public bool Supports(ExplainableModel model, out string reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        reason = model.Gradient is null ? $"model '{model.Name}' exposes no gradient" : "";
        return model.Gradient is not null;
    }

    /// <summary>The baseline: per feature the mean of the background's non-missing values; NaN when all are missing.</summary>
    public static double[] Baseline(IReadOnlyList<double[]> background, int features)
    {
        var baseline = new double[features];
        for (var j = 0; j < features; j++)
        {
            var values = background.Select(b => b[j]).Where(v => !double.IsNaN(v)).ToArray();
            baseline[j] = values.Length == 0 ? double.NaN : values.Average();
        }
        return baseline;
    }

    /// <summary>Integrated gradients of one target with <paramref name="steps"/> (even) trapezoid steps.</summary>
    public static GradientAttribution Attribute(ExplainableModel model, string context, double[] x, double[] baseline, ExplanationTarget target, int steps)
    {
        ArgumentNullException.ThrowIfNull(model);
        var gradient = model.Gradient ?? throw new ArgumentException($"Model '{model.Name}' exposes no gradient.", nameof(model));
        model.CheckRows([x, baseline], $"patient '{context}'");
        target.Validate(model);
        if (steps < 2 || steps % 2 != 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps must be even and >= 2.");

        // A missing value (or a baseline without data) stays fixed along the path, so it gets no attribution.
        var start = x.Select((v, j) => double.IsNaN(v) || double.IsNaN(baseline[j]) ? v : baseline[j]).ToArray();
        var path = new double[steps + 1][];
        for (var k = 0; k <= steps; k++)
        {
            var a = k / (double)steps;
            path[k] = x.Select((v, j) => double.IsNaN(v) ? v : start[j] + a * (v - start[j])).ToArray();
        }
        var grads = gradient(context, path, target);
        var full = Trapezoid(grads, x, start, steps, stride: 1);
        var half = Trapezoid(grads, x, start, steps / 2, stride: 2);
        var ends = model.Predict(context, [x, start]);
        var prediction = target.Score(ends[0]);
        var reference = target.Score(ends[1]);
        return new GradientAttribution(full, full.Select((v, j) => Math.Abs(v - half[j]) / 3).ToArray(), prediction, reference,
            full.Sum() - (prediction - reference));
    }

    private static double[] Trapezoid(double[][] grads, double[] x, double[] start, int intervals, int stride)
    {
        var result = new double[x.Length];
        for (var j = 0; j < x.Length; j++)
        {
            if (double.IsNaN(x[j]) || x[j] == start[j]) continue;
            double integral = 0;
            for (var i = 0; i <= intervals; i++)
            {
                var w = i == 0 || i == intervals ? 0.5 : 1.0;
                integral += w * grads[i * stride][j];
            }
            result[j] = (x[j] - start[j]) * integral / intervals;
        }
        return result;
    }

    public IReadOnlyList<PatientExplanation> Explain(ExplanationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Validate();
        var baseline = Baseline(request.Background, request.Model.Features.Count);
        return request.Patients.Select(patient =>
        {
            var clock = Stopwatch.StartNew();
            var ig = Attribute(request.Model, patient.PatientId, patient.Values, baseline, patient.Target, request.Options.Steps);
            return AttributionReports.Patient(request.Model, patient, Name, ig.Prediction, ig.Reference, ig.Values, ig.DiscretisationErrors,
                clock.Elapsed.TotalSeconds);
        }).ToList();
    }

    public IReadOnlyList<GlobalImportance> Rank(GlobalExplanationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Validate();
        var baseline = Baseline(request.Background, request.Model.Features.Count);
        return request.Outputs.Select(o =>
        {
            var clock = Stopwatch.StartNew();
            var target = new ExplanationTarget(o);
            var attributions = request.Rows.Select((row, i) => Attribute(request.Model, request.PatientIds[i], row, baseline, target, request.Options.Steps).Values).ToList();
            return AttributionReports.MeanAbsolute(request.Model, Name, o, attributions, clock.Elapsed.TotalSeconds);
        }).ToList();
    }
}
