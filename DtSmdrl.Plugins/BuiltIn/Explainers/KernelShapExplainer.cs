using System.Diagnostics;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.BuiltIn.Explainers;

/// <summary>
/// KernelSHAP for any model with a batch prediction function (<see cref="KernelShap"/>). Per patient: Shapley values of
/// the target over the features against the request's background. Global: mean |Shapley value| per output over the patients.
/// Own uncertainty: bootstrap standard error over the sampled coalitions (0 when all were enumerated). One set of model
/// evaluations per patient serves every requested output, so each global ranking reports the time of the whole call.
/// </summary>
public sealed class KernelShapExplainer : IPatientExplainer, IGlobalExplainer
{
    public string Name => "KernelSHAP";

    public bool Supports(ExplainableModel model, out string reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        reason = "";
        return true;
    }

    public IReadOnlyList<PatientExplanation> Explain(ExplanationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Validate();
        var result = new List<PatientExplanation>(request.Patients.Count);
        for (var i = 0; i < request.Patients.Count; i++)
        {
            var patient = request.Patients[i];
            var clock = Stopwatch.StartNew();
            var shap = KernelShap.Attribute(request.Model, patient.PatientId, patient.Values, request.Background, [patient.Target],
                request.Options.Samples, request.Options.Bootstrap, AttributionReports.PatientRandom(request.Options.Seed, i))[0];
            result.Add(AttributionReports.Patient(request.Model, patient, Name, shap.Prediction, shap.Reference, shap.Values, shap.StandardErrors,
                clock.Elapsed.TotalSeconds));
        }
        return result;
    }

    public IReadOnlyList<GlobalImportance> Rank(GlobalExplanationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Validate();
        if (request.PatientIds.Count != request.Rows.Count)
            throw new ArgumentException($"Global request: {request.PatientIds.Count} patient ids but {request.Rows.Count} rows.");
        var clock = Stopwatch.StartNew();
        var targets = request.Outputs.Select(o => new ExplanationTarget(o)).ToArray();
        var perOutput = targets.Select(_ => new List<double[]>()).ToArray();
        for (var i = 0; i < request.Rows.Count; i++)
        {
            // Bootstrap errors are not needed for the mean over patients.
            var shap = KernelShap.Attribute(request.Model, request.PatientIds[i], request.Rows[i], request.Background, targets,
                request.Options.Samples, bootstrap: 0, AttributionReports.PatientRandom(request.Options.Seed, i));
            for (var t = 0; t < targets.Length; t++) perOutput[t].Add(shap[t].Values);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return targets.Select((t, k) => AttributionReports.MeanAbsolute(request.Model, Name, t.Output, perOutput[k], seconds)).ToList();
    }
}
