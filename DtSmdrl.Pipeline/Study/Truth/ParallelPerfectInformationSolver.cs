namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>The search in this process: patients in parallel on <paramref name="threads"/> threads, one planner per thread.</summary>
public sealed class ParallelPerfectInformationSolver(int threads) : IPerfectInformationSolver
{
    public IReadOnlyList<PerfectInformationResult> Solve(PerfectInformationSettings settings, IReadOnlyList<EvaluationTruth> truth, Action? solved = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var results = new PerfectInformationResult[truth.Count];
        Parallel.For(0, truth.Count, new ParallelOptions { MaxDegreeOfParallelism = threads },
            settings.CreatePlanner,
            (i, _, planner) =>
            {
                results[i] = planner.Solve(truth[i]);
                solved?.Invoke();
                return planner;
            },
            _ => { });
        return results;
    }
}
