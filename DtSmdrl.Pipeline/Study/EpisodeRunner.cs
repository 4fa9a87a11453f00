using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;
using TwinRecist = DtSmdrl.Pipeline.Twin.Simulation.RecistResponse;
using EvalRecist = DtSmdrl.Pipeline.Evaluation.RecistResponse;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Executes a policy on a batch of twins, all patients in one batch, over the study horizon. The study runs it on the
/// test patients' TRUE twins for R replicates of the dice (<see cref="RunReplicates"/>: common random numbers across
/// methods); methods run it on their own twin samples with seeds of their own (<see cref="Run"/>).
/// </summary>
public sealed class EpisodeRunner
{
    private readonly TwinEnvironmentOptions options;

    public EpisodeRunner(TwinEnvironmentOptions options)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    public TwinEnvironmentOptions Options => options;

    /// <summary>
    /// Runs replicate r = 0 .. <paramref name="replicates"/> - 1 as one whole episode over all patients with the dice
    /// seeds <see cref="DiceSeeds.Evaluation"/>(dice seed, r), replicates in sequence and each from cycle 0, so a
    /// stateful policy sees whole episodes (it resets when <see cref="ITreatmentPolicy.Decide"/> is called with cycle 0).
    /// Returns the records replicate by replicate, patients in order within each. <paramref name="beforeDecision"/>, when
    /// given, sees (replicate, cycle, the true simulator) before every decision: evaluation code only, the policy never does.
    /// </summary>
    public IReadOnlyList<EpisodeRecord> RunReplicates(ITreatmentPolicy policy, IReadOnlyList<EvaluationTruth> truth, int replicates, int threads = 1,
        Action<int, int, NsclcBatchSimulator>? beforeDecision = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicates, 1);
        var ids = truth.Select(t => t.Id).ToArray();
        var twins = truth.Select(t => t.TrueTwin).ToArray();
        var records = new List<EpisodeRecord>(truth.Count * replicates);
        for (var r = 0; r < replicates; r++)
        {
            var replicate = r;
            var seeds = truth.Select(t => DiceSeeds.Evaluation(t.DiceSeed, replicate)).ToArray();
            records.AddRange(Run(policy, ids, twins, seeds, threads, replicate,
                beforeDecision is null ? null : (cycle, simulator) => beforeDecision(replicate, cycle, simulator)));
        }
        return records;
    }

    /// <summary>Runs one episode per patient and returns what happened, in patient order.</summary>
    /// <param name="policy">Decides every cycle for the whole batch.</param>
    /// <param name="patientIds">Id per twin (copied into the records).</param>
    /// <param name="twins">The twins to simulate.</param>
    /// <param name="noiseSeeds">Seed of each twin's dice.</param>
    /// <param name="threads">Simulator worker threads; results do not depend on it.</param>
    /// <param name="replicate">Replicate index written into the records.</param>
    /// <param name="beforeDecision">Sees (cycle, the simulator) before every decision; for evaluation code (e.g. copying the true state).</param>
    public IReadOnlyList<EpisodeRecord> Run(
        ITreatmentPolicy policy,
        IReadOnlyList<string> patientIds,
        ReadOnlySpan<NsclcParameters> twins,
        ReadOnlySpan<ulong> noiseSeeds,
        int threads = 1,
        int replicate = 0,
        Action<int, NsclcBatchSimulator>? beforeDecision = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var n = twins.Length;
        if (patientIds.Count != n || noiseSeeds.Length != n)
            throw new ArgumentException($"{n} twins, {patientIds.Count} ids and {noiseSeeds.Length} seeds: they must match.");

        var environment = new BatchedTwinEnvironment(n, options);
        var size = environment.ObservationSize;
        var observations = new double[n * size];
        var rewards = new double[n];
        var costs = new double[n];
        var done = new bool[n];
        var actions = new int[n];
        var value = new double[n];
        var cost = new double[n];
        var severe = new bool[n];
        var taken = new int[n][];
        var costPerCycle = new double[n][];
        for (var i = 0; i < n; i++)
        {
            taken[i] = new int[options.Cycles];
            costPerCycle[i] = new double[options.Cycles];
        }

        environment.Reset(twins, noiseSeeds, observations);
        for (var cycle = 0; cycle < options.Cycles; cycle++)
        {
            beforeDecision?.Invoke(cycle, environment.Simulator);
            policy.Decide(cycle, observations, done, actions);
            for (var i = 0; i < n; i++)
            {
                if (done[i]) actions[i] = 0;
                taken[i][cycle] = done[i] ? -1 : actions[i];
            }
            environment.Step(actions, observations, rewards, costs, done, threads);
            var severeNow = environment.SevereToxicity;
            for (var i = 0; i < n; i++)
            {
                value[i] += rewards[i];
                cost[i] += costs[i];
                costPerCycle[i][cycle] = costs[i];
                severe[i] |= severeNow[i];
            }
        }

        var records = new EpisodeRecord[n];
        var simulator = environment.Simulator;
        for (var i = 0; i < n; i++)
        {
            var outcome = simulator.Outcome(i, options.FollowUpDay);
            records[i] = new EpisodeRecord(patientIds[i], taken[i], value[i], cost[i], severe[i],
                ToEvaluation(outcome.BestResponse), outcome.PfsDays, outcome.PfsEvent,
                outcome.BaselineSld, outcome.NadirSld, costPerCycle[i],
                replicate, simulator.ToxicityDays[i], simulator.TwistDays[i], simulator.RelapseDays[i]);
        }
        return records;
    }

    /// <summary>The twin's RECIST categories in the evaluation library's terms.</summary>
    public static EvalRecist ToEvaluation(TwinRecist response) => response switch
    {
        TwinRecist.CompleteResponse => EvalRecist.CR,
        TwinRecist.PartialResponse => EvalRecist.PR,
        TwinRecist.StableDisease => EvalRecist.SD,
        TwinRecist.ProgressiveDisease => EvalRecist.PD,
        _ => EvalRecist.NotEvaluable,
    };
}
