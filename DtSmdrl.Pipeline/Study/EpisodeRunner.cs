using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin.Models;
using TwinRecist = DtSmdrl.Pipeline.Twin.Simulation.RecistResponse;
using EvalRecist = DtSmdrl.Pipeline.Evaluation.RecistResponse;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Executes a method's policy on the test patients' TRUE twins, all patients in one batch, with
/// each patient's fixed noise seed (common random numbers across methods), over the study horizon.
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

    /// <summary>Runs one episode per patient and returns what happened, in patient order.</summary>
    public IReadOnlyList<EpisodeRecord> Run(
        ITreatmentPolicy policy,
        IReadOnlyList<string> patientIds,
        ReadOnlySpan<NsclcParameters> trueTwins,
        ReadOnlySpan<ulong> noiseSeeds,
        int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var n = trueTwins.Length;
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

        environment.Reset(trueTwins, noiseSeeds, observations);
        for (var cycle = 0; cycle < options.Cycles; cycle++)
        {
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
        for (var i = 0; i < n; i++)
        {
            var outcome = environment.Simulator.Outcome(i, options.FollowUpDay);
            records[i] = new EpisodeRecord(patientIds[i], taken[i], value[i], cost[i], severe[i],
                ToEvaluation(outcome.BestResponse), outcome.PfsDays, outcome.PfsEvent,
                outcome.BaselineSld, outcome.NadirSld, costPerCycle[i]);
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
