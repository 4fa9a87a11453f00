using System.Diagnostics;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// The study protocol of metrics.md: J* for every test patient by the oracle, then each method fits
/// on the training data (once per training seed if it learns), decides for the test patients, and
/// its plans run on the true twins with common random numbers; metrics with bootstrap intervals.
/// Robustness conditions (degraded copies of the test patients' records) are decided by the same fitted method
/// and run on the same true twins, so only the inputs differ.
/// </summary>
public sealed class StudyRunner(StudyRunOptions options)
{
    /// <param name="data">What the methods learn from.</param>
    /// <param name="test">The test patients.</param>
    /// <param name="methods">The arms, in table order.</param>
    /// <param name="robustness">Degraded copies of <paramref name="test"/> (same order) each fitted arm also decides for.</param>
    /// <param name="robustnessFor">Which arms the robustness conditions apply to (default all).</param>
    public StudyResult Run(StudyData data, IReadOnlyList<StudyPatient> test, IReadOnlyList<ITreatmentMethod> methods,
        IReadOnlyList<RobustnessCondition>? robustness = null, Func<ITreatmentMethod, bool>? robustnessFor = null)
    {
        robustness ??= [];
        foreach (var condition in robustness)
            if (!condition.Test.Select(p => p.Id).SequenceEqual(test.Select(p => p.Id)))
                throw new ArgumentException($"Robustness condition '{condition.Name}' must hold the test patients in the same order.", nameof(robustness));
        options.Validate();
        if (test.Count == 0) throw new ArgumentException("The study needs at least one test patient.", nameof(test));
        if (test.Any(p => p.Split != CohortSplit.Test))
            throw new ArgumentException("Only test-split patients may be evaluated.", nameof(test));

        var ids = test.Select(p => p.Id).ToArray();
        var twins = test.Select(p => p.TrueTwin).ToArray();
        var seeds = test.Select(p => p.NoiseSeed).ToArray();

        var oracleWatch = Stopwatch.StartNew();
        var oracle = SolveOracle(twins, seeds);
        var oracleSeconds = oracleWatch.Elapsed.TotalSeconds;

        var runner = new EpisodeRunner(options.Environment);
        var tableOptions = new MetricsTableOptions { Resamples = options.BootstrapResamples, Seed = options.BootstrapSeed };
        var rows = new List<MethodMetrics>();
        var episodes = new Dictionary<string, IReadOnlyList<IReadOnlyList<EpisodeRecord>>>();
        var outcomes = new Dictionary<string, IReadOnlyList<IReadOnlyList<PatientOutcome>>>();
        var seconds = new Dictionary<string, double>();
        var robustnessRows = new List<MethodMetrics>();
        foreach (var method in methods)
        {
            var watch = Stopwatch.StartNew();
            var methodSeeds = method.IsLearned ? options.TrainingSeeds : [options.TrainingSeeds[0]];
            var perSeedEpisodes = new List<IReadOnlyList<EpisodeRecord>>();
            var perSeedOutcomes = new List<IReadOnlyList<PatientOutcome>>();
            var conditions = robustnessFor is null || robustnessFor(method) ? robustness : [];
            var degradedOutcomes = conditions.Select(_ => new List<IReadOnlyList<PatientOutcome>>()).ToArray();
            foreach (var seed in methodSeeds)
            {
                Log($"{method.Name}: fitting (seed {seed})");
                method.Fit(data, seed, options.ShowProgress ? new SynchronousProgress<string>(Log) : null);
                var plan = method.Prepare(test);
                if (plan.StatedResponseProbability.Length != test.Count)
                    throw new InvalidOperationException($"{method.Name} stated {plan.StatedResponseProbability.Length} probabilities for {test.Count} patients.");
                var run = runner.Run(plan.Policy, ids, twins, seeds, options.Threads);
                perSeedEpisodes.Add(run);
                perSeedOutcomes.Add(run.Select((e, i) => ToOutcome(e, oracle[i], plan.StatedResponseProbability[i])).ToList());
                for (var c = 0; c < conditions.Count; c++)
                {
                    Log($"{method.Name}: deciding with {conditions[c].Name} (seed {seed})");
                    var degraded = method.Prepare(conditions[c].Test);
                    var degradedRun = runner.Run(degraded.Policy, ids, twins, seeds, options.Threads);
                    degradedOutcomes[c].Add(degradedRun.Select((e, i) => ToOutcome(e, oracle[i], degraded.StatedResponseProbability[i])).ToList());
                }
            }
            for (var c = 0; c < conditions.Count; c++)
                robustnessRows.Add(MetricsTable.Compute(RobustnessCondition.RowName(method.Name, conditions[c].Name), degradedOutcomes[c], tableOptions));
            episodes[method.Name] = perSeedEpisodes;
            outcomes[method.Name] = perSeedOutcomes;
            rows.Add(MetricsTable.Compute(method.Name, perSeedOutcomes, tableOptions));
            seconds[method.Name] = watch.Elapsed.TotalSeconds;
        }
        return new StudyResult(rows, oracle, episodes, outcomes, oracleSeconds, seconds) { Robustness = robustnessRows };
    }

    private OracleResult[] SolveOracle(NsclcParameters[] twins, ulong[] seeds)
    {
        var results = new OracleResult[twins.Length];
        var library = new PlanLibrary(options.Environment.Simulation.Actions, options.Environment.Cycles);
        using var bar = options.ShowProgress ? new ProgressBar("oracle J*", twins.Length) : null;
        // One oracle (and its batched environment) per worker; patients are independent.
        Parallel.For(0, twins.Length, new ParallelOptions { MaxDegreeOfParallelism = options.Threads },
            () => new Oracle(library, options.Environment),
            (i, _, oracle) =>
            {
                results[i] = oracle.Solve(twins[i], seeds[i]);
                bar?.Increment();
                return oracle;
            },
            _ => { });
        return results;
    }

    private static PatientOutcome ToOutcome(EpisodeRecord episode, OracleResult oracle, double stated) => new()
    {
        PatientId = episode.PatientId,
        StatedResponseProbability = stated,
        BestOverallResponse = episode.BestResponse,
        BaselineSldMm = episode.BaselineSldMm,
        NadirSldMm = episode.NadirSldMm,
        PfsDays = episode.PfsDays,
        PfsEvent = episode.PfsEvent,
        HadSevereToxicity = episode.SevereToxicity,
        EpisodeToxicityCost = episode.Cost,
        Value = episode.Value,
        OracleValue = oracle.Value,
        ToxicityPerCycle = episode.CostPerCycle,
    };

    private void Log(string message)
    {
        if (options.ShowProgress) Console.Error.WriteLine($"study: {message}");
    }
}
