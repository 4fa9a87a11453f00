using System.Diagnostics;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Study.Truth;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// The study protocol of metrics.md version 2. For every test patient the perfect-information planner finds V* (on
/// oracle replicates of the dice) and V_hold; then each method fits on the training data (once per training seed if it
/// learns), decides for the test patients, and its policy runs on the true twins for R evaluation replicates with
/// common random numbers. The reference rows (no treatment, the planner's plans) run through the same episode code on
/// the same replicates. Metrics with bootstrap intervals over patients, paired differences and the Q-TWiST
/// sensitivity table. Robustness conditions (degraded copies of the test patients' records) are decided by the same
/// fitted method and run on the same true twins and dice, so only the inputs differ.
/// </summary>
/// <remarks>
/// Only this class and the planner hold the truth; methods get <see cref="StudyData"/> and <see cref="StudyPatient"/>s.
/// The perfect-information search runs on <paramref name="solver"/> (default: in this process on
/// <see cref="StudyRunOptions.Threads"/> threads); the methods' fitting and episodes always run here.
/// </remarks>
public sealed class StudyRunner(StudyRunOptions options, IPerfectInformationSolver? solver = null)
{
    /// <summary>metrics.csv name of the no-treatment reference row.</summary>
    public const string NoTreatment = "No treatment";

    /// <summary>metrics.csv name of the perfect-information reference row.</summary>
    public const string PerfectInformation = "Perfect-information planner";

    /// <param name="data">What the methods learn from.</param>
    /// <param name="test">The test patients.</param>
    /// <param name="truth">The test patients' truth, in the same order (evaluation only).</param>
    /// <param name="methods">The arms, in table order (after the reference rows).</param>
    /// <param name="robustness">Degraded copies of <paramref name="test"/> (same order) each fitted arm also decides for.</param>
    /// <param name="robustnessFor">Which arms the robustness conditions apply to (default all).</param>
    public StudyResult Run(StudyData data, IReadOnlyList<StudyPatient> test, IReadOnlyList<EvaluationTruth> truth, IReadOnlyList<ITreatmentMethod> methods,
        IReadOnlyList<RobustnessCondition>? robustness = null, Func<ITreatmentMethod, bool>? robustnessFor = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(truth);
        robustness ??= [];
        foreach (var condition in robustness)
            if (!condition.Test.Select(p => p.Id).SequenceEqual(test.Select(p => p.Id)))
                throw new ArgumentException($"Robustness condition '{condition.Name}' must hold the test patients in the same order.", nameof(robustness));
        options.Validate();
        if (test.Count == 0) throw new ArgumentException("The study needs at least one test patient.", nameof(test));
        if (test.Any(p => p.Split != CohortSplit.Test))
            throw new ArgumentException("Only test-split patients may be evaluated.", nameof(test));
        if (!truth.Select(t => t.Id).SequenceEqual(test.Select(p => p.Id)))
            throw new ArgumentException("The truth must list the test patients, in the same order.", nameof(truth));
        var names = new HashSet<string>(StringComparer.Ordinal) { NoTreatment, PerfectInformation };
        foreach (var method in methods)
            if (!names.Add(method.Name))
                throw new ArgumentException($"Method name '{method.Name}' is taken (by a reference row or another method); metrics.csv needs one row per name.", nameof(methods));

        var library = new PlanLibrary(options.Environment.Simulation.Actions, options.Environment.Cycles);
        var oracleWatch = Stopwatch.StartNew();
        var perfect = SolvePerfectInformation(truth);
        var oracleSeconds = oracleWatch.Elapsed.TotalSeconds;
        var references = perfect.Select(p => p.For(options.Utility)).ToArray();

        var runner = new EpisodeRunner(options.Environment);
        var tableOptions = new MetricsTableOptions { Resamples = options.BootstrapResamples, Seed = options.BootstrapSeed };
        var rows = new List<MethodMetrics>();
        var episodes = new Dictionary<string, IReadOnlyList<IReadOnlyList<EpisodeRecord>>>();
        var outcomes = new Dictionary<string, IReadOnlyList<IReadOnlyList<PatientOutcome>>>();
        var seconds = new Dictionary<string, double>();
        var none = Enumerable.Repeat(double.NaN, test.Count).ToArray();

        void Add(string name, IReadOnlyList<IReadOnlyList<EpisodeRecord>> perSeed, IReadOnlyList<IReadOnlyList<PatientOutcome>> perSeedOutcomes)
        {
            episodes[name] = perSeed;
            outcomes[name] = perSeedOutcomes;
            rows.Add(MetricsTable.Compute(name, perSeedOutcomes, tableOptions));
        }

        // Reference rows: the same episode code, replicates and dice as the methods.
        Log("reference rows: no treatment, perfect-information plans");
        var holdPlan = library.Plan(library.IndexOfHold()).ToArray();
        var hold = new FixedPlanPolicy(Enumerable.Repeat(holdPlan, test.Count).ToList());
        var holdRun = runner.RunReplicates(hold, truth, options.Replicates, options.Threads);
        Add(NoTreatment, [holdRun], [Outcomes(holdRun, references, none)]);
        var chosen = new FixedPlanPolicy(references.Select(r => library.Plan(r.Plan).ToArray()).ToList());
        var chosenRun = runner.RunReplicates(chosen, truth, options.Replicates, options.Threads);
        Add(PerfectInformation, [chosenRun], [Outcomes(chosenRun, references, none)]);

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
                var plan = Prepare(method, test);
                var run = runner.RunReplicates(plan.Policy, truth, options.Replicates, options.Threads);
                perSeedEpisodes.Add(run);
                perSeedOutcomes.Add(Outcomes(run, references, plan.StatedResponseProbability));
                for (var c = 0; c < conditions.Count; c++)
                {
                    Log($"{method.Name}: deciding with {conditions[c].Name} (seed {seed})");
                    var degraded = Prepare(method, conditions[c].Test);
                    var degradedRun = runner.RunReplicates(degraded.Policy, truth, options.Replicates, options.Threads);
                    degradedOutcomes[c].Add(Outcomes(degradedRun, references, degraded.StatedResponseProbability));
                }
            }
            for (var c = 0; c < conditions.Count; c++)
                robustnessRows.Add(MetricsTable.Compute(RobustnessCondition.RowName(method.Name, conditions[c].Name), degradedOutcomes[c], tableOptions));
            Add(method.Name, perSeedEpisodes, perSeedOutcomes);
            seconds[method.Name] = watch.Elapsed.TotalSeconds;
        }

        Log("paired differences and the Q-TWiST sensitivity table");
        var arms = outcomes.Select(pair => (pair.Key, pair.Value)).ToList();
        var paired = PairedTable.Compute(arms, options.PairedComparators, tableOptions);
        var byPatient = perfect.ToDictionary(p => p.PatientId, StringComparer.Ordinal);
        var sensitivity = QtwistSensitivity.Compute(arms, QtwistUtility.SensitivityGrid, (id, u) =>
        {
            var choice = byPatient[id].For(u);
            return (choice.Value, choice.HoldValue);
        }, tableOptions, PerfectInformation);
        return new StudyResult(rows, perfect, episodes, outcomes, oracleSeconds, seconds)
        {
            Robustness = robustnessRows,
            Paired = paired,
            Sensitivity = sensitivity,
            Utility = options.Utility,
        };
    }

    private static MethodPlan Prepare(ITreatmentMethod method, IReadOnlyList<StudyPatient> patients)
    {
        var plan = method.Prepare(patients);
        if (plan.StatedResponseProbability.Length != patients.Count)
            throw new InvalidOperationException($"{method.Name} stated {plan.StatedResponseProbability.Length} probabilities for {patients.Count} patients.");
        return plan;
    }

    private IReadOnlyList<PerfectInformationResult> SolvePerfectInformation(IReadOnlyList<EvaluationTruth> truth)
    {
        using var bar = options.ShowProgress ? new ProgressBar("perfect-information V*", truth.Count) : null;
        var results = (solver ?? new ParallelPerfectInformationSolver(options.Threads)).Solve(PerfectInformationSettings.For(options), truth,
            bar is null ? null : () => bar.Increment());
        if (!results.Select(r => r.PatientId).SequenceEqual(truth.Select(t => t.Id), StringComparer.Ordinal))
            throw new InvalidOperationException("The perfect-information solver must answer every test patient once, in test order.");
        return results;
    }

    // Episodes are replicate by replicate, patients in test order within each; every record gets its patient's V*, V_hold.
    private List<PatientOutcome> Outcomes(IReadOnlyList<EpisodeRecord> run, PerfectInformationChoice[] references, double[] stated)
    {
        var n = references.Length;
        return run.Select((e, k) => ToOutcome(e, references[k % n], stated[k % n])).ToList();
    }

    private PatientOutcome ToOutcome(EpisodeRecord episode, PerfectInformationChoice reference, double stated) => new()
    {
        PatientId = episode.PatientId,
        Replicate = episode.Replicate,
        StatedResponseProbability = stated,
        BestOverallResponse = episode.BestResponse,
        BaselineSldMm = episode.BaselineSldMm,
        NadirSldMm = episode.NadirSldMm,
        PfsDays = episode.PfsDays,
        PfsEvent = episode.PfsEvent,
        HadSevereToxicity = episode.SevereToxicity,
        EpisodeToxicityCost = episode.Cost,
        Value = options.Utility.Value(episode.Days),
        PerfectValue = reference.Value,
        HoldValue = reference.HoldValue,
        ToxicityDays = episode.ToxicityDays,
        TwistDays = episode.TwistDays,
        RelapseDays = episode.RelapseDays,
        ToxicityPerCycle = episode.CostPerCycle,
    };

    private void Log(string message)
    {
        if (options.ShowProgress) Console.Error.WriteLine($"study: {message}");
    }
}
