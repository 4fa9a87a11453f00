using DtSmdrl.Pipeline.Agent.Arms;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Adaptation speed of one initialisation over the measured patients. A patient who does not reach the bar
/// within K updates counts as K + 1 updates in <see cref="MeanUpdates"/> (a lower bound on its true count, so
/// the mean is a lower bound too) and is left out of <see cref="MeanUpdatesWhenReached"/>.
/// </summary>
public sealed record AdaptationSummary(
    InitialisationKind Initialisation,
    int Patients,
    int MaxUpdates,
    double ShareReached,
    double MeanUpdates,
    double MeanUpdatesWhenReached,
    double MeanEpisodesWhenReached,
    double MeanValueBefore,
    double MeanValueAfter,
    double MeanOracleValue)
{
    /// <summary>Summaries per initialisation, in enum order.</summary>
    public static IReadOnlyList<AdaptationSummary> Of(IReadOnlyList<AdaptationCurve> curves, int maxUpdates) =>
        curves.GroupBy(c => c.Initialisation).OrderBy(g => g.Key).Select(g =>
        {
            var list = g.ToList();
            var reached = list.Where(c => c.UpdatesToReach is not null).ToList();
            return new AdaptationSummary(g.Key, list.Count, maxUpdates,
                reached.Count / (double)list.Count,
                list.Average(c => (double)(c.UpdatesToReach ?? maxUpdates + 1)),
                reached.Count > 0 ? reached.Average(c => (double)c.UpdatesToReach!.Value) : double.NaN,
                reached.Count > 0 ? reached.Average(c => (double)c.EpisodesToReach!.Value) : double.NaN,
                list.Average(c => c.Values[0]),
                list.Average(c => c.Values[^1]),
                list.Average(c => c.OracleValue));
        }).ToList();

    /// <summary>1 - mean updates of <paramref name="method"/> / mean updates of <paramref name="reference"/> (0.4 = 40% fewer).</summary>
    public static double Reduction(AdaptationSummary method, AdaptationSummary reference) =>
        reference.MeanUpdates > 0 ? 1 - method.MeanUpdates / reference.MeanUpdates : double.NaN;
}
