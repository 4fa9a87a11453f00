using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Torch;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Adaptation speed (metrics.md): for the same test patients, adapt the DT-SMDRL agent from its
/// meta-learned, a population-trained and a random initialisation with up to K PPO updates on the
/// patient's personalised twins (never the true twin), and after every update measure the deployed
/// (greedy, shielded) policy's value V (mean Q-TWiST J over the evaluation replicates of the dice) on the TRUE twin
/// against the perfect-information value V*.
/// </summary>
public static class AdaptationStudy
{
    /// <summary>Runs the measurement with the fitted method's settings and seed; returns one curve per (initialisation, patient).</summary>
    public static IReadOnlyList<AdaptationCurve> Run(
        DtSmdrlMethod method, int seed, StudyData data, IReadOnlyList<StudyPatient> test, IReadOnlyList<EvaluationTruth> truth,
        IReadOnlyList<PerfectInformationChoice> perfect, int replicates, AdaptationOptions adaptation, IProgress<string>? progress = null)
    {
        adaptation.Validate();
        if (perfect.Count != test.Count) throw new ArgumentException($"{test.Count} test patients but {perfect.Count} perfect-information values.", nameof(perfect));
        if (!truth.Select(t => t.Id).SequenceEqual(test.Select(p => p.Id)))
            throw new ArgumentException("The truth must list the test patients, in the same order.", nameof(truth));
        var options = method.Options;
        TorchSetup.Configure(seed, options.TorchThreads);
        // The same training twins as the method's Fit used for this seed (same generator, same order).
        var trainRng = new Random(seed);
        var train = data.Train.Select(p => method.Patient(p.Id, p.Observed, options.TwinsPerPatient, trainRng)).ToList();
        var initialisations = new Dictionary<InitialisationKind, MetaInitialization>();
        foreach (var kind in Enum.GetValues<InitialisationKind>())
        {
            progress?.Report($"adaptation: {kind} initialisation");
            initialisations[kind] = kind == InitialisationKind.Meta && method.Initialization is { } fitted && options.Initialisation == InitialisationKind.Meta
                ? fitted
                : PolicyInitialiser.Train(kind, train, options, seed);
        }

        var picked = Pick(test.Count, adaptation.Patients);
        var runner = new EpisodeRunner(options.Environment);
        // Each patient's twins come from its own generator and are drawn first, in order (the twin source need not be
        // thread-safe); the adaptations are independent and run on the method's workers.
        var tasks = picked.Select(index =>
        {
            var patient = test[index];
            var rng = new Random(unchecked(seed * 7919 + index));
            var twins = method.Patient(patient.Id, patient.Observed, options.TwinsPerPatient, rng);
            var forecast = method.Patient(patient.Id, patient.Observed, options.ForecastSamples, rng).Twins;
            var forecastSeed = (ulong)rng.NextInt64();
            return twins.ToTask(options.Environment) with
            {
                Evaluate = policy => TrueValue(policy, twins.Context, forecast, forecastSeed, truth[index], perfect[index].Utility, replicates, runner, options),
            };
        }).ToList();
        var perPatient = new AdaptationCurve[picked.Count][];
        using var bar = progress is null ? null : new ProgressBar("adaptation", picked.Count);
        Parallel.For(0, picked.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Workers }, k =>
        {
            var index = picked[k];
            perPatient[k] = initialisations.Select(pair =>
            {
                var result = MetaPpo.Adapt(pair.Value, tasks[k], adaptation.MaxUpdates, options.Meta.Inner with { Seed = seed }, seed);
                return new AdaptationCurve(pair.Key, test[index].Id, perfect[index].Value, result.Curve, result.EpisodesPerUpdate,
                    result.UpdatesToReach(perfect[index].Value, adaptation.Fraction));
            }).ToArray();
            bar?.Increment();
        });
        var curves = perPatient.SelectMany(c => c).ToList();
        return curves;
    }

    // Evenly spaced test indices, so the subset does not depend on how the split happened to be ordered at the top.
    private static List<int> Pick(int count, int wanted)
    {
        var n = Math.Min(count, wanted);
        return Enumerable.Range(0, n).Select(k => (int)((long)k * count / n)).ToList();
    }

    private static double TrueValue(PpoPolicy policy, float[] context, Twin.Models.NsclcParameters[] forecast, ulong forecastSeed,
        EvaluationTruth truth, QtwistUtility utility, int replicates, EpisodeRunner runner, DtSmdrlArmOptions options)
    {
        var simulation = options.Environment.Simulation;
        var shield = options.CreateShield();
        var forecaster = shield is null ? null : new TwinToxicityForecaster([forecast], simulation, forecastSeed);
        var set = new AdaptedPolicySet([policy], [context], simulation.Actions, shield, forecaster);
        return runner.RunReplicates(set, [truth], replicates).Average(e => utility.Value(e.Days));
    }
}
