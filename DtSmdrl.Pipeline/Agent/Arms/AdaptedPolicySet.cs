using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// One adapted PPO policy per patient, acting greedily, optionally behind a safety shield fed by a
/// <see cref="TwinToxicityForecaster"/>. Counts how often the shield masked actions and how often it
/// had to fall back to hold because every action was masked. With an <see cref="EpisodeBelief"/>, the belief restarts at
/// every cycle 0, takes in every cycle's observation rows (after the previous cycle's actions), and its summary follows the
/// context in the policy's rows when <see cref="EpisodeBelief.Input"/>. With <c>givenSoFar</c> (a patient already on
/// treatment), the first cycles replay the actions actually given, so every row reaches the state those cycles led to on its
/// twin sample and the policy decides from the next cycle on.
/// </summary>
public sealed class AdaptedPolicySet(
    IReadOnlyList<PpoPolicy> policies,
    IReadOnlyList<float[]> contexts,
    ActionSet actions,
    ISafetyShield? shield,
    IToxicityForecaster? forecaster,
    EpisodeBelief? belief = null,
    IReadOnlyList<int>? givenSoFar = null) : ITreatmentPolicy
{
    private readonly IReadOnlyList<int> replayed = givenSoFar ?? [];
    private readonly int[] given = new int[policies.Count];
    private readonly float[] summary = new float[Twin.Inference.BatchedTwinBelief.SummarySize];

    private readonly int[] chemoCycles = new int[policies.Count];
    private readonly int[] previous = Enumerable.Repeat(-1, policies.Count).ToArray();
    private readonly bool[] chemoAction = actions.Select(a => a.Chemotherapy > 0).ToArray();

    /// <summary>Decisions in which the shield masked at least one action.</summary>
    public int ShieldInterventions { get; private set; }

    /// <summary>Decisions in which every action was masked and the patient was held.</summary>
    public int HoldFallbacks { get; private set; }

    /// <summary>
    /// Per patient, the policy's action probabilities at its first decision (the first cycle after the replayed ones) under
    /// the environment's and the shield's mask.
    /// </summary>
    public IReadOnlyList<float[]> FirstDecisionProbabilities => firstProbabilities;

    private readonly float[][] firstProbabilities = policies.Select(p => new float[actions.Count]).ToArray();

    /// <summary>
    /// Per call of <see cref="Decide"/> that decided (not replayed): the cycle, the patients decided for and the wall seconds
    /// per decision (the belief update, the shield's forecast and the policy's forward pass, divided over the batch).
    /// </summary>
    public IReadOnlyList<(int Cycle, int Decisions, double SecondsPerDecision)> DecisionTimes => decisionTimes;

    private readonly List<(int Cycle, int Decisions, double SecondsPerDecision)> decisionTimes = [];

    public void Decide(int cycle, ReadOnlySpan<double> observations, ReadOnlySpan<bool> done, Span<int> chosen)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var n = policies.Count;
        var a = actions.Count;
        if (cycle == 0)
        {
            // A new episode (the study runs several replicates with one policy): the chemotherapy count, the previous
            // action and the forecaster's shadow course start again.
            Array.Clear(chemoCycles);
            Array.Fill(previous, -1);
            forecaster?.Restart();
            belief?.Belief.Start(belief.Prior, belief.Seed);
        }
        else belief?.Belief.Advance(given);
        belief?.Belief.Observe(observations, done);
        if (cycle < replayed.Count)
        {
            Replay(cycle, done, chosen);
            return;
        }
        var probabilities = new double[n * a];
        if (shield is not null && forecaster is not null) forecaster.Forecast(probabilities);
        for (var i = 0; i < n; i++)
        {
            if (done[i])
            {
                chosen[i] = 0;
                continue;
            }
            var row = AgentObservation.Row(observations.Slice(i * TwinObservation.Size, TwinObservation.Size), contexts[i], belief, i, summary);
            var mask = new bool[a];
            TreatmentRules.FillMask(mask, chemoAction, chemoCycles[i], cycle, previous[i]);
            var decision = policies[i].Decide(row, mask, shield, probabilities.AsSpan(i * a, a));
            if (decision.Shield.MaskedByShield > 0) ShieldInterventions++;
            if (decision.Shield.AllMasked) HoldFallbacks++;
            if (cycle == replayed.Count) RecordProbabilities(i, row, decision.AllowedActions);
            chosen[i] = decision.Action;
            if (chemoAction[chosen[i]]) chemoCycles[i]++;
            previous[i] = chosen[i];
        }
        forecaster?.Advance(chosen);
        chosen[..n].CopyTo(given);
        var decided = 0;
        for (var i = 0; i < n; i++) if (!done[i]) decided++;
        if (decided > 0) decisionTimes.Add((cycle, decided, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds / decided));
    }

    // A cycle already given: every row takes the action actually given (what happened, even where the agent's own rules
    // would not have chosen it), the chemotherapy count and the forecaster follow.
    private void Replay(int cycle, ReadOnlySpan<bool> done, Span<int> chosen)
    {
        var action = replayed[cycle];
        if (action < 0 || action >= actions.Count)
            throw new ArgumentException($"Cycle {cycle + 1} was given action {action}; the action set has {actions.Count} actions.", "givenSoFar");
        for (var i = 0; i < policies.Count; i++)
        {
            if (done[i])
            {
                chosen[i] = 0;
                continue;
            }
            chosen[i] = action;
            if (chemoAction[action]) chemoCycles[i]++;
            previous[i] = action;
        }
        forecaster?.Advance(chosen);
        chosen[..policies.Count].CopyTo(given);
    }

    private void RecordProbabilities(int patient, float[] row, bool[] allowed)
    {
        // The shield always leaves at least hold allowed (ShieldResult.Finish), so the distribution is proper.
        var target = firstProbabilities[patient];
        policies[patient].LogProbabilities(row, allowed, target);
        for (var a = 0; a < target.Length; a++) target[a] = allowed[a] ? MathF.Exp(target[a]) : 0f;
    }
}
