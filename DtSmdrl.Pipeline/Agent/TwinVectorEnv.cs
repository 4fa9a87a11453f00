using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// The twin as a PPO vector environment: an adapter on <see cref="BatchedTwinEnvironment"/> (the
/// simulator stays the simulator). Each episode draws, per environment slot, one twin from a pool
/// of (parameters, context) pairs: population twins for plain DRL, patient-conditioned twins with the
/// patient's features as context for twin + DRL. Observation per slot:
/// <c>[twin observation (TwinObservation.Size), alive flag, context features]</c>.
/// </summary>
/// <remarks>
/// All slots run one treatment course in lockstep. A patient who dies stays in an absorbing state
/// (reward 0, cost 0) until the course ends, then every slot reports done and starts a new episode
/// with newly drawn twins (auto-reset). The cycle index is in the observation, so the fixed horizon
/// is part of the MDP. The action mask is the treatment rules' (<see cref="TreatmentRules"/>: the chemotherapy cycle
/// limit, and between scans only the running regimen or hold).
/// The reward is the twin's quality-adjusted days (Q-TWiST, up to 21 per cycle and 364 per episode) times
/// <see cref="RewardScale"/>, i.e. quality-adjusted years; the cost is the twin's, one per new severe event.
/// With a <see cref="TwinVectorEnvBelief"/>, every slot also keeps the agent's belief about the twin it runs: at each episode
/// start the slot's belief is the particle set of its pool entry's patient (prior draws, never the twin being simulated),
/// updated after every cycle from the slot's observation row only (<see cref="BatchedTwinBelief"/>); with
/// <see cref="TwinVectorEnvBelief.Input"/> its summary follows the context in the observation.
/// </remarks>
public sealed class TwinVectorEnv : IVectorEnv
{
    /// <summary>
    /// Constant factor from the twin's reward (days) to the learner's (quality-adjusted years). PPO clips each
    /// update's value change to ClipCoef (0.2), so value targets must be O(1), not O(300) days; the policy
    /// update standardises reward advantages, so a constant scale leaves the optimal policy and the
    /// reward-cost trade-off of the Lagrangian unchanged. Episode returns this environment reports are in years.
    /// </summary>
    public const double RewardScale = 1.0 / 365.25;

    private readonly BatchedTwinEnvironment env;
    private readonly IReadOnlyList<NsclcParameters> twins;
    private readonly IReadOnlyList<float[]> contexts;
    private readonly int contextSize;
    private readonly NsclcParameters[] episodeTwins;
    private readonly ulong[] noiseSeeds;
    private readonly int[] episodeContext;
    private readonly double[] observations;
    private readonly double[] rewards;
    private readonly double[] costs;
    private readonly bool[] dones;
    private readonly int[] chemoCycles;
    private readonly int[] previousActions;
    private int cycle;
    private readonly bool[] chemoAction;
    private AgentRandom rng;
    private readonly TwinVectorEnvBelief? beliefSettings;
    private readonly BatchedTwinBelief? belief;
    private readonly NsclcParameters[][] slotParticles;
    private readonly bool[] dead;
    private readonly float[] summary = new float[BatchedTwinBelief.SummarySize];

    /// <param name="numEnvs">Slots stepped together.</param>
    /// <param name="twins">Pool of twin parameters to draw from.</param>
    /// <param name="contexts">Context features per pool entry (same length for all; empty arrays for none).</param>
    /// <param name="options">Episode settings (horizon, follow-up, actions).</param>
    /// <param name="belief">In-course belief per slot (null: none, the observation as before).</param>
    public TwinVectorEnv(int numEnvs, IReadOnlyList<NsclcParameters> twins, IReadOnlyList<float[]> contexts, TwinEnvironmentOptions? options = null,
        TwinVectorEnvBelief? belief = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numEnvs, 1);
        if (twins.Count == 0) throw new ArgumentException("The twin pool is empty.", nameof(twins));
        if (contexts.Count != twins.Count) throw new ArgumentException($"{twins.Count} twins but {contexts.Count} contexts.", nameof(contexts));
        contextSize = contexts[0].Length;
        if (contexts.Any(c => c.Length != contextSize)) throw new ArgumentException("Every context must have the same length.", nameof(contexts));
        this.twins = twins;
        this.contexts = contexts;
        env = new BatchedTwinEnvironment(numEnvs, options);
        NumEnvs = numEnvs;
        ActionCount = env.Actions.Count;
        if (env.Actions[0].Chemotherapy != 0 || env.Actions[0].Targeted != 0 || env.Actions[0].Immunotherapy != 0)
            throw new ArgumentException("Action 0 must be 'hold' (the agent's safe fallback).", nameof(options));
        if (belief is not null && belief.Particles.Count != twins.Count)
            throw new ArgumentException($"{twins.Count} twins but {belief.Particles.Count} belief particle sets.", nameof(belief));
        beliefSettings = belief;
        this.belief = belief is null ? null : new BatchedTwinBelief(numEnvs, (options ?? new TwinEnvironmentOptions()).Simulation, belief.Options);
        slotParticles = new NsclcParameters[numEnvs][];
        dead = new bool[numEnvs];
        ObservationSize = AgentObservation.Size(contextSize + (belief is { Input: true } ? BatchedTwinBelief.SummarySize : 0));
        episodeTwins = new NsclcParameters[numEnvs];
        noiseSeeds = new ulong[numEnvs];
        episodeContext = new int[numEnvs];
        observations = new double[numEnvs * TwinObservation.Size];
        rewards = new double[numEnvs];
        costs = new double[numEnvs];
        dones = new bool[numEnvs];
        chemoCycles = new int[numEnvs];
        previousActions = new int[numEnvs];
        chemoAction = env.Actions.Select(a => a.Chemotherapy > 0).ToArray();
        rng = new AgentRandom(1);
    }

    public int NumEnvs { get; }

    public int ObservationSize { get; }

    public int ActionCount { get; }

    /// <summary>Pool index of the twin each slot is running now.</summary>
    public ReadOnlySpan<int> CurrentTwins => episodeContext;

    public void Reset(ReadOnlySpan<long> seeds, Span<float> nextObs, Span<bool> actionMask)
    {
        rng = new AgentRandom(unchecked(seeds[0] * 31 + seeds.Length));
        StartEpisode(nextObs, actionMask);
    }

    public void Step(ReadOnlySpan<int> actions, Span<float> nextObs, Span<float> rewardsOut, Span<float> costsOut, Span<bool> donesOut, Span<bool> actionMask)
    {
        for (var i = 0; i < NumEnvs; i++)
        {
            if (chemoAction[actions[i]]) chemoCycles[i]++;
            previousActions[i] = actions[i];
        }
        cycle++;
        env.Step(actions, observations, rewards, costs, dones);
        belief?.Advance(actions);
        for (var i = 0; i < NumEnvs; i++)
        {
            rewardsOut[i] = (float)(RewardScale * rewards[i]);
            costsOut[i] = (float)costs[i];
        }
        if (env.EpisodeFinished)
        {
            donesOut.Fill(true);
            StartEpisode(nextObs, actionMask);
            return;
        }
        donesOut.Fill(false);
        ObserveBelief();
        Write(nextObs, actionMask);
    }

    /// <summary>The slots' beliefs (null without one), for tests and diagnostics.</summary>
    public BatchedTwinBelief? Belief => belief;

    // Every living slot's belief takes in the slot's new observation row (what the agent sees, nothing else).
    private void ObserveBelief()
    {
        if (belief is null) return;
        var alive = env.Simulator.Alive;
        for (var i = 0; i < NumEnvs; i++) dead[i] = !alive[i];
        belief.Observe(observations, dead);
    }

    private void StartEpisode(Span<float> nextObs, Span<bool> actionMask)
    {
        for (var i = 0; i < NumEnvs; i++)
        {
            var pick = rng.NextInt(twins.Count);
            episodeContext[i] = pick;
            episodeTwins[i] = twins[pick];
            noiseSeeds[i] = rng.NextUInt64();
            chemoCycles[i] = 0;
            previousActions[i] = -1;
        }
        cycle = 0;
        env.Reset(episodeTwins, noiseSeeds, observations);
        if (belief is not null)
        {
            for (var i = 0; i < NumEnvs; i++) slotParticles[i] = beliefSettings!.Particles[episodeContext[i]];
            belief.Start(slotParticles, (int)(rng.NextUInt64() >> 33));
            ObserveBelief();
        }
        Write(nextObs, actionMask);
    }

    private void Write(Span<float> nextObs, Span<bool> actionMask)
    {
        var alive = env.Simulator.Alive;
        var readsBelief = beliefSettings is { Input: true };
        for (var i = 0; i < NumEnvs; i++)
        {
            var row = nextObs.Slice(i * ObservationSize, ObservationSize);
            var twinObservation = observations.AsSpan(i * TwinObservation.Size, TwinObservation.Size);
            if (readsBelief)
            {
                belief!.Summary(i, summary);
                AgentObservation.Fill(row, twinObservation, alive[i], contexts[episodeContext[i]], summary);
            }
            else AgentObservation.Fill(row, twinObservation, alive[i], contexts[episodeContext[i]]);
            TreatmentRules.FillMask(actionMask.Slice(i * ActionCount, ActionCount), chemoAction, chemoCycles[i], cycle, previousActions[i]);
        }
    }
}
