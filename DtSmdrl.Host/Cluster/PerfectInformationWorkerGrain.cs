using DtSmdrl.Pipeline.Study.Truth;
using Orleans.Concurrency;

namespace DtSmdrl.Host.Cluster;

/// <summary>The study's perfect-information search of one patient (its dominant cost), on whichever silo takes the call.</summary>
[Alias("dtsmdrl.perfect-information-worker")]
public interface IPerfectInformationWorkerGrain : IGrainWithIntegerKey
{
    [Alias("solve")]
    Task<PerfectInformationAnswer> SolveAsync(PerfectInformationWork work);
}

/// <summary>
/// A stateless worker: Orleans runs up to one local activation per core, so every silo searches several patients at
/// once. The answer is <see cref="PerfectInformationPlanner.Solve"/>'s, a pure function of the call: a retried call
/// gives the same answer and writes nothing. Each activation keeps its planner (its simulators) for the next call
/// with the same settings; activations take one call at a time, so the planner is never shared.
/// </summary>
[StatelessWorker]
public sealed class PerfectInformationWorkerGrain : Grain, IPerfectInformationWorkerGrain
{
    private string? plannerSettings;
    private PerfectInformationPlanner? planner;

    // Task.Run: a search is a second or more of CPU; off the grain scheduler the silo keeps answering other calls.
    public Task<PerfectInformationAnswer> SolveAsync(PerfectInformationWork work) => Task.Run(() =>
    {
        if (planner is null || plannerSettings != work.SettingsJson)
        {
            planner = work.ReadSettings().CreatePlanner();
            plannerSettings = work.SettingsJson;
        }
        return PerfectInformationAnswer.Of(planner.Solve(work.ReadTruth()));
    });
}
