namespace DtSmdrl.Pipeline.Agent;

/// <summary>The outcome of adapting an initialisation to one task with K PPO updates.</summary>
/// <param name="Weights">The adapted weights.</param>
/// <param name="Curve">Evaluation after 0, 1, ..., K updates (Curve[0] is the initialisation itself).</param>
/// <param name="EnvStepsPerUpdate">Environment steps (over all environments) each update consumed.</param>
/// <param name="EpisodesPerUpdate">Episodes finished in each update's rollout (Curve has one more entry).</param>
public sealed record AdaptationResult(PolicyWeights Weights, IReadOnlyList<double> Curve, long EnvStepsPerUpdate, IReadOnlyList<int> EpisodesPerUpdate)
{
    /// <summary>
    /// Adaptation speed (metrics.md): the fewest updates after which the evaluation reaches
    /// <paramref name="fraction"/> of <paramref name="target"/> (e.g. 0.9 of the patient's oracle value), or null if
    /// it never does within the budget. For target &lt;= 0 the bar is target - (1 - fraction) |target|.
    /// </summary>
    public int? UpdatesToReach(double target, double fraction = 0.9)
    {
        var bar = target > 0 ? fraction * target : target - (1 - fraction) * Math.Abs(target);
        for (var k = 0; k < Curve.Count; k++)
            if (Curve[k] >= bar)
                return k;
        return null;
    }
}
