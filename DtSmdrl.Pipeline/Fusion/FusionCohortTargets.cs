using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Fusion.MlNet;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Prior;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// Fusion training targets of a synthetic cohort: the true latent coordinates z (truth.jsonl, in <see cref="TwinPrior"/>'s
/// convention with covariates that carry no measured SLD, as the generator draws them) and the retrospective course's
/// objective response and severe toxicity under the first regimen given (the other regimens are NaN = unobserved).
/// </summary>
public static class FusionCohortTargets
{
    /// <summary>The regimens with a response/toxicity head: every regimen but "hold", in <see cref="Catalogs.Regimens"/> order.</summary>
    public static IReadOnlyList<string> Regimens { get; } = Catalogs.Regimens.Where(r => r != "hold").ToArray();

    /// <summary>Targets of every patient of the cohort (a patient held or without a course has only latent targets).</summary>
    public static Dictionary<string, FusionTargets> From(StudyCohort cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var courses = cohort.Courses.ToDictionary(c => c.PatientId);
        var result = new Dictionary<string, FusionTargets>(cohort.Patients.Count);
        foreach (var patient in cohort.Patients)
        {
            var truth = cohort.Truth[patient.Id];
            if (truth.LatentZ.Length != TwinPrior.LatentDimension)
                throw new InvalidDataException($"truth.jsonl record {patient.Id} field latent_z: expected {TwinPrior.LatentDimension} values, got {truth.LatentZ.Length}.");
            var response = Enumerable.Repeat(float.NaN, Regimens.Count).ToArray();
            var toxicity = Enumerable.Repeat(float.NaN, Regimens.Count).ToArray();
            if (courses.TryGetValue(patient.Id, out var course) && Regimens.IndexOf(course.FirstRegimen) is var r and >= 0)
            {
                response[r] = course.ObjectiveResponse ? 1f : 0f;
                toxicity[r] = course.SevereToxicity ? 1f : 0f;
            }
            result[patient.Id] = new FusionTargets(truth.LatentZ.Select(z => (float)z).ToArray(), response, toxicity);
        }
        return result;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value) return i;
        return -1;
    }

    /// <summary>The patients' observed records as an ML.NET view with their latent, response and toxicity target columns attached.</summary>
    public static IDataView View(MLContext ml, IReadOnlyList<StudyPatient> patients, IReadOnlyDictionary<string, FusionTargets> targets) =>
        FusionTargetColumns.Attach(ml, PatientDataView.Create(ml, patients.Select(p => p.Observed).ToList()), targets,
            TwinPrior.LatentDimension, Regimens.Count);
}
