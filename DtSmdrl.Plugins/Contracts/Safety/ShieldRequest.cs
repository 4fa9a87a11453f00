namespace DtSmdrl.Plugins.Contracts.Safety;

/// <summary>
/// One decision of one patient, as a shield sees it. Actions are indexed as in the twin's action set
/// (index <see cref="SafetyContract.HoldAction"/> is hold). The risk is given either as a probability
/// per action or as the posterior twin forecasts behind it (one flag per posterior sample: a severe
/// toxicity event in the next cycle under that action); when both are given the probabilities win.
/// </summary>
/// <param name="Actions">Action names, in index order (e.g. hold, chemo_full, ...).</param>
/// <param name="Allowed">Per action, whether the environment allows it before the shield (null: all allowed).</param>
/// <param name="SevereToxicityProbability">Per action, the predicted probability of a severe toxicity event (null when forecasts are given).</param>
/// <param name="SevereToxicityForecasts">Per action, per posterior twin sample, whether that sample has a severe toxicity event (null when probabilities are given).</param>
public sealed record ShieldRequest(
    IReadOnlyList<string> Actions,
    IReadOnlyList<bool>? Allowed = null,
    IReadOnlyList<double>? SevereToxicityProbability = null,
    IReadOnlyList<IReadOnlyList<bool>>? SevereToxicityForecasts = null)
{
    /// <summary>
    /// The per-action probabilities: <see cref="SevereToxicityProbability"/> when given, otherwise the share of
    /// posterior samples with a severe event. Throws <see cref="ArgumentException"/> naming the field and action
    /// when the lengths disagree with <see cref="Actions"/> or neither is given.
    /// </summary>
    public double[] ResolveProbabilities()
    {
        if (Actions.Count == 0)
            throw new ArgumentException("ShieldRequest.Actions is empty.");
        if (Allowed is not null && Allowed.Count != Actions.Count)
            throw new ArgumentException($"ShieldRequest.Allowed has {Allowed.Count} entries for {Actions.Count} actions.");
        if (SevereToxicityProbability is not null)
        {
            if (SevereToxicityProbability.Count != Actions.Count)
                throw new ArgumentException($"ShieldRequest.SevereToxicityProbability has {SevereToxicityProbability.Count} entries for {Actions.Count} actions.");
            return SevereToxicityProbability.ToArray();
        }
        if (SevereToxicityForecasts is null)
            throw new ArgumentException("ShieldRequest needs SevereToxicityProbability or SevereToxicityForecasts.");
        if (SevereToxicityForecasts.Count != Actions.Count)
            throw new ArgumentException($"ShieldRequest.SevereToxicityForecasts has {SevereToxicityForecasts.Count} entries for {Actions.Count} actions.");
        var probabilities = new double[Actions.Count];
        for (var a = 0; a < Actions.Count; a++)
        {
            var samples = SevereToxicityForecasts[a];
            if (samples.Count == 0)
                throw new ArgumentException($"ShieldRequest.SevereToxicityForecasts: action '{Actions[a]}' has no posterior samples.");
            probabilities[a] = (double)samples.Count(severe => severe) / samples.Count;
        }
        return probabilities;
    }
}

/// <summary>What a shield decided for one request.</summary>
/// <param name="Shield">Name of the shield.</param>
/// <param name="Allowed">Per action, whether it is still allowed after the shield.</param>
/// <param name="SevereToxicityProbability">The per-action probabilities the shield used.</param>
/// <param name="MaskedByShield">Actions the shield removed (not counting those the environment had forbidden).</param>
/// <param name="FellBackToHold">True when nothing allowed was left and only hold was allowed.</param>
public sealed record ShieldDecision(
    string Shield,
    IReadOnlyList<bool> Allowed,
    IReadOnlyList<double> SevereToxicityProbability,
    int MaskedByShield,
    bool FellBackToHold);
