namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>
/// Where the study's perfect-information search runs (its dominant cost): every patient is independent and the result
/// is a pure function of the settings and the patient's truth, so any solver must return exactly what
/// <see cref="PerfectInformationPlanner.Solve"/> returns in process.
/// </summary>
public interface IPerfectInformationSolver
{
    /// <summary>Solves every patient of <paramref name="truth"/>; the results are in its order.</summary>
    /// <param name="settings">What the search depends on besides the patient.</param>
    /// <param name="truth">The test patients' truth.</param>
    /// <param name="solved">Called once per patient done, from any thread (the progress bar).</param>
    IReadOnlyList<PerfectInformationResult> Solve(PerfectInformationSettings settings, IReadOnlyList<EvaluationTruth> truth, Action? solved = null);
}
