using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Baselines;

/// <summary>
/// The "Clinical Baseline" arm: <see cref="StandardSchedulePolicy.ForGuideline"/>. Its stated response
/// probability is, as metrics.md prescribes for a rule-based method, the response rate of its
/// chosen first-line regimen among training patients of the same biomarker group who received it
/// in the retrospective data, with a Beta(1, 1) prior (Laplace smoothing) so that an empty cell
/// states 0.5 rather than an undefined number.
/// </summary>
public sealed class ClinicalBaselineMethod(ActionSet actions) : ITreatmentMethod
{
    private readonly Dictionary<(GuidelineGroup, string), (int Responders, int Patients)> rates = [];

    public string Name => "Clinical Baseline";

    public bool IsLearned => false;

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null)
    {
        rates.Clear();
        foreach (var course in data.TrainCourses)
        {
            var key = (course.Group, course.FirstRegimen);
            rates.TryGetValue(key, out var cell);
            rates[key] = (cell.Responders + (course.ObjectiveResponse ? 1 : 0), cell.Patients + 1);
        }
    }

    /// <summary>Smoothed training response rate of a group's first-line regimen.</summary>
    public double StatedResponseRate(GuidelineGroup group)
    {
        rates.TryGetValue((group, StandardSchedulePolicy.GuidelineFirstLine(group)), out var cell);
        return (cell.Responders + 1.0) / (cell.Patients + 2.0);
    }

    public MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients)
    {
        var biomarkers = testPatients.Select(p => p.Biomarkers).ToList();
        var stated = biomarkers.Select(b => StatedResponseRate(b.Group)).ToArray();
        return new MethodPlan(StandardSchedulePolicy.ForGuideline(actions, biomarkers), stated);
    }
}
