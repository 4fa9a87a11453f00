using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Plugins.BuiltIn.Explainers.Models;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.BuiltIn.Explainers.Global;

/// <summary>
/// Global biomarker importance per regimen of the supervised baseline: KernelSHAP of its P(response | regimen) over the
/// 50 <see cref="PatientBiomarkers"/>, mean |phi| over evenly spaced test patients against evenly spaced training
/// patients. By default 20 patients, 8 background rows and 128 coalitions, not the policy's 40, 16 and 256: its
/// predictions go through an ML.NET data view, about 30 times the policy's cost per row.
/// </summary>
public static class SupervisedImportance
{
    /// <summary>Importance rows (method = the method's name) for every regimen the model covers; the method must be fitted.</summary>
    public static IReadOnlyList<RegimenImportance> Compute(SupervisedBaselineMethod method, IReadOnlyList<StudyPatient> test, IReadOnlyList<StudyPatient> train,
        int seed, GlobalImportanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(train);
        options ??= new GlobalImportanceOptions(Patients: 20, BackgroundPatients: 8, Samples: 128);
        options.Validate();
        var fitted = method.Model ?? throw new InvalidOperationException($"{method.Name}: fit the method before explaining it.");
        if (test.Count == 0 || train.Count == 0) throw new ArgumentException($"Need test and training patients (got {test.Count} and {train.Count}).");
        var explained = DtSmdrlPolicyImportance.EvenlySpaced(test, options.Patients);
        var background = DtSmdrlPolicyImportance.EvenlySpaced(train, options.BackgroundPatients);
        var model = SupervisedExplainableModel.Create(fitted, method.Name, explained.ToDictionary(p => p.Id, p => p.Observed, StringComparer.Ordinal));
        var outputs = Enumerable.Range(0, fitted.Regimens.Count).Select(SupervisedExplainableModel.ResponseOutput).ToList();
        return GlobalImportanceTable.Rank(method.Name, model, explained.Select(p => p.Id).ToList(), explained.Select(Biomarkers).ToList(),
            outputs, fitted.Regimens, background.Select(Biomarkers).ToList(), new ExplainerOptions(seed, options.Samples));
    }

    private static double[] Biomarkers(StudyPatient p) => PatientBiomarkers.Values(PatientDataView.ToRow(p.Observed));
}
