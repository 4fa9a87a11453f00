using System.Diagnostics;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Torch;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using EvalRecist = DtSmdrl.Pipeline.Evaluation.RecistResponse;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The two PPO comparison arms of the study (no safety layer, no meta-learning):
/// <list type="bullet">
/// <item><b>DRL</b> (<see cref="Personalised"/> false): PPO trained on twins drawn from the
/// population prior, observing only the clinical state; it states one response probability for
/// everyone: the response rate of its greedy policy on population twins.</item>
/// <item><b>Digital Twin + DRL</b> (<see cref="Personalised"/> true): PPO trained across the training
/// patients' personalised twins (drawn from each patient's biomarker-conditioned prior, from the
/// observed record), with the patient's features (<see cref="PatientContext"/>) in the observation;
/// its stated probability is the response rate of its greedy policy on the test patient's own
/// conditioned twins.</item>
/// </list>
/// </summary>
public sealed class PpoArmMethod(bool personalised, PpoArmOptions options, TwinPrior? prior = null) : ITreatmentMethod, ILearningCurveSource, IDisposable
{
    private readonly TwinPrior prior = prior ?? new TwinPrior();
    private Ppo? trained;
    private int seed;

    public bool Personalised => personalised;

    public string Name => personalised ? "Digital Twin + DRL" : "DRL";

    public bool IsLearned => true;

    /// <summary>Diagnostics of the last training update.</summary>
    public PpoProgress? LastProgress { get; private set; }

    /// <summary>One point per PPO update that finished an episode: env steps, seconds, mean episode return and cost.</summary>
    public IReadOnlyList<TrainingCurvePoint> LastCurve { get; private set; } = [];

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null)
    {
        // Invalid settings fail here, naming the field, not deep inside training.
        options.Validate();
        this.seed = seed;
        TorchSetup.Configure(seed, options.TorchThreads);
        var rng = new Random(seed);
        var twins = new List<NsclcParameters>();
        var contexts = new List<float[]>();
        if (personalised)
        {
            foreach (var patient in data.Train)
            {
                var context = PatientContext.Features(patient.Observed);
                twins.AddRange(PatientContext.SampleTwins(patient.Observed, prior, options.TwinsPerPatient, rng));
                contexts.AddRange(Enumerable.Repeat(context, options.TwinsPerPatient));
            }
        }
        else
        {
            for (var k = 0; k < options.PopulationPool; k++)
            {
                twins.Add(prior.SamplePopulation(rng));
                contexts.Add([]);
            }
        }

        trained?.Dispose();
        var env = new TwinVectorEnv(options.NumEnvs, twins, contexts, options.Environment);
        trained = new Ppo(env, options.Ppo with { Seed = seed, UseCostConstraint = false });
        var total = trained.TotalUpdates;
        var curve = new List<TrainingCurvePoint>();
        var clock = Stopwatch.StartNew();
        trained.Train(new SynchronousProgress<PpoProgress>(p =>
        {
            LastProgress = p;
            if (p.Episodes > 0) curve.Add(new TrainingCurvePoint(p.GlobalStep, clock.Elapsed.TotalSeconds, p.MeanEpisodeReturn, p.MeanEpisodeCost));
            if (progress is not null && (p.Update % 10 == 0 || p.Update == total))
                progress.Report($"{Name} update {p.Update}/{total}: return {p.MeanEpisodeReturn:F3}, cost {p.MeanEpisodeCost:F3}, {p.StepsPerSecond:F0} steps/s");
        }));
        LastCurve = curve;
    }

    public MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients)
    {
        var model = trained ?? throw new InvalidOperationException($"{Name}: call Fit before Prepare.");
        var policy = model.Policy;
        var actions = options.Environment.Simulation.Actions;
        var contexts = testPatients.Select(p => personalised ? PatientContext.Features(p.Observed) : []).ToList();
        var stated = personalised ? PersonalisedResponseRates(policy, testPatients) : Enumerable.Repeat(PopulationResponseRate(policy), testPatients.Count).ToArray();
        return new MethodPlan(new PpoTreatmentPolicy(policy, actions, contexts), stated);
    }

    private double PopulationResponseRate(PpoPolicy policy)
    {
        var rng = new Random(seed + 17);
        var n = Math.Max(64, options.ResponseSamples * 16);
        var twins = Enumerable.Range(0, n).Select(_ => prior.SamplePopulation(rng)).ToArray();
        var responded = Simulate(policy, twins, Enumerable.Repeat(Array.Empty<float>(), n).ToList(), rng);
        return responded.Count(r => r) / (double)n;
    }

    private double[] PersonalisedResponseRates(PpoPolicy policy, IReadOnlyList<StudyPatient> patients)
    {
        var rng = new Random(seed + 17);
        var m = options.ResponseSamples;
        var twins = new List<NsclcParameters>();
        var contexts = new List<float[]>();
        foreach (var patient in patients)
        {
            var context = PatientContext.Features(patient.Observed);
            twins.AddRange(PatientContext.SampleTwins(patient.Observed, prior, m, rng));
            contexts.AddRange(Enumerable.Repeat(context, m));
        }
        var responded = Simulate(policy, twins.ToArray(), contexts, rng);
        return Enumerable.Range(0, patients.Count).Select(i => responded.Skip(i * m).Take(m).Count(r => r) / (double)m).ToArray();
    }

    /// <summary>Runs the greedy policy on twins the method knows (never a true twin) and reports who responded.</summary>
    private bool[] Simulate(PpoPolicy policy, NsclcParameters[] twins, IReadOnlyList<float[]> contexts, Random rng)
    {
        var seeds = twins.Select(_ => (ulong)rng.NextInt64()).ToArray();
        var ids = Enumerable.Range(0, twins.Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var runner = new EpisodeRunner(options.Environment);
        var episodes = runner.Run(new PpoTreatmentPolicy(policy, options.Environment.Simulation.Actions, contexts), ids, twins, seeds);
        return episodes.Select(e => e.BestResponse is EvalRecist.CR or EvalRecist.PR).ToArray();
    }

    public void Dispose() => trained?.Dispose();

}
