using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;
using EvalRecist = DtSmdrl.Pipeline.Evaluation.RecistResponse;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// Decision time for one patient: K PPO updates of adaptation from the learned initialisation on the patient's
/// twin samples, then closed-loop rollouts of the adapted greedy policy behind the safety shield on the
/// patient's forecast samples, summarised as a <see cref="PatientRecommendation"/>. For a patient already on treatment the
/// rollouts first replay the cycles given, so the policy decides from the state they led to on each sample (the plan's
/// first entries are then those cycles). Deterministic for a seed.
/// </summary>
/// <param name="initialization">The learned initialisation.</param>
/// <param name="options">The agent's settings.</param>
/// <param name="calibration">Calibration of the stated response probability (null: the raw share of rollouts).</param>
public sealed class DtSmdrlRecommender(MetaInitialization initialization, DtSmdrlArmOptions options, StatedResponseCalibration? calibration = null)
{
    /// <summary>The initialisation adapted from.</summary>
    public MetaInitialization Initialization => initialization;

    /// <summary>The agent's settings.</summary>
    public DtSmdrlArmOptions Options => options;

    /// <summary>
    /// Adapts to <paramref name="patient"/> and rolls out on <paramref name="forecast"/> (same context, other samples), after
    /// replaying <paramref name="givenSoFar"/> (action index per cycle already given; none before the first cycle).
    /// </summary>
    public PatientRecommendation Recommend(PatientTwins patient, NsclcParameters[] forecast, long seed, IReadOnlyList<int>? givenSoFar = null)
    {
        if (forecast.Length == 0) throw new ArgumentException("At least one forecast twin sample is needed.", nameof(forecast));
        var adapted = MetaPpo.Adapt(initialization, patient.ToTask(options.Environment), options.AdaptationUpdates,
            options.Meta.Inner with { Seed = seed }, seed, evaluationEpisodes: 0);
        using var policy = new MetaInitialization(adapted.Weights, initialization.Normalizer).ToPolicy();
        var m = forecast.Length;
        var simulation = options.Environment.Simulation;
        var shield = options.CreateShield();
        var rng = new AgentRandom(seed);
        // Rollout j runs on sample j; its shield forecasts over all m samples, as at the bedside.
        var forecaster = shield is null ? null
            : new TwinToxicityForecaster(Enumerable.Repeat(forecast, m).ToList(), simulation, rng.NextUInt64());
        var set = new AdaptedPolicySet(Enumerable.Repeat(policy, m).ToList(), Enumerable.Repeat(patient.Context, m).ToList(), simulation.Actions, shield, forecaster,
            givenSoFar: givenSoFar);
        var ids = Enumerable.Range(0, m).Select(j => j.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var seeds = Enumerable.Range(0, m).Select(_ => rng.NextUInt64()).ToArray();
        var episodes = new EpisodeRunner(options.Environment).Run(set, ids, forecast, seeds);
        return Summarise(episodes, set, simulation.Actions, options.Meta.Inner.CvarAlpha, calibration);
    }

    private static PatientRecommendation Summarise(IReadOnlyList<Study.EpisodeRecord> episodes, AdaptedPolicySet set, ActionSet actions, double alpha,
        StatedResponseCalibration? calibration)
    {
        var m = episodes.Count;
        var plan = ModalPlan(episodes.Select(e => e.Actions).ToList(), actions);
        // The project's one definition of confidence (Evaluation/Uncertainty/README.md): the policy has no dropout,
        // so its only pass is the stated response probability and the spread comes from the twin samples' outcomes.
        var responses = episodes.Select(e => e.BestResponse is EvalRecist.CR or EvalRecist.PR ? 1.0 : 0.0).ToArray();
        var confidence = RecommendationConfidence.Compute([responses.Average()], responses);

        var probabilities = new float[actions.Count];
        foreach (var p in set.FirstDecisionProbabilities)
            for (var a = 0; a < probabilities.Length; a++) probabilities[a] += p[a] / m;

        return new PatientRecommendation(
            plan,
            probabilities,
            calibration?.Apply(responses.Average(), m) ?? responses.Average(),
            Cvar.Compute(episodes.Select(e => e.Cost).ToArray(), alpha),
            episodes.Count(e => e.SevereToxicity) / (double)m,
            confidence.Confidence,
            episodes.Average(e => e.Value),
            set.HoldFallbacks);
    }

    /// <summary>
    /// Per cycle, the action taken most often across the rollouts (lowest index among ties, so it is deterministic).
    /// -1 marks a rollout whose patient had died by that cycle; a cycle no rollout reached gets hold.
    /// </summary>
    public static string[] ModalPlan(IReadOnlyList<int[]> actionsPerRollout, ActionSet actions)
    {
        var cycles = actionsPerRollout[0].Length;
        var plan = new string[cycles];
        var counts = new int[actions.Count];
        for (var c = 0; c < cycles; c++)
        {
            Array.Clear(counts);
            foreach (var taken in actionsPerRollout)
                if (taken[c] >= 0) counts[taken[c]]++;
            plan[c] = actions[ArgMax(counts)].Name;
        }
        return plan;
    }

    // Lowest index among ties, so the plan is deterministic.
    private static int ArgMax(int[] counts)
    {
        var best = 0;
        for (var a = 1; a < counts.Length; a++) if (counts[a] > counts[best]) best = a;
        return best;
    }
}
