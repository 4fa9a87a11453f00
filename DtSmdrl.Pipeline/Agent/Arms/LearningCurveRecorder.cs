using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>One arm's training curve for one training seed.</summary>
/// <param name="Method">The arm's name, as metrics.csv's method column uses it.</param>
/// <param name="Seed">The training seed passed to Fit.</param>
/// <param name="Points">The curve (<see cref="ILearningCurveSource.LastCurve"/> right after that Fit).</param>
public sealed record SeedCurve(string Method, int Seed, IReadOnlyList<TrainingCurvePoint> Points);

/// <summary>
/// Collects every learned arm's training curve per training seed while the study runs: <see cref="Record"/> wraps an
/// arm so that each Fit is followed by reading its <see cref="ILearningCurveSource.LastCurve"/>. The wrapper forwards
/// everything else unchanged, so what the study computes is the same with or without it.
/// </summary>
public sealed class LearningCurveRecorder
{
    private readonly List<SeedCurve> curves = [];

    /// <summary>The curves recorded so far, in the order the fits ran.</summary>
    public IReadOnlyList<SeedCurve> Curves => curves;

    /// <summary>The arm wrapped to record its curves, or the arm itself when it exposes none.</summary>
    public ITreatmentMethod Record(ITreatmentMethod method) =>
        method is ILearningCurveSource source ? new Recording(method, source, curves) : method;

    private sealed class Recording(ITreatmentMethod inner, ILearningCurveSource source, List<SeedCurve> curves) : ITreatmentMethod
    {
        public string Name => inner.Name;

        public bool IsLearned => inner.IsLearned;

        public void Fit(StudyData data, int seed, IProgress<string>? progress = null)
        {
            inner.Fit(data, seed, progress);
            curves.Add(new SeedCurve(inner.Name, seed, source.LastCurve.ToList()));
        }

        public MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients) => inner.Prepare(testPatients);
    }
}
