using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Planning;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Torch;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using EvalRecist = DtSmdrl.Pipeline.Evaluation.RecistResponse;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The DT-SMDRL arm: a PPO initialisation over the training patients' personalised twins (by default behaviour-cloned on
/// Twin-MPC's decisions on training patients' twin samples, <see cref="DtSmdrlArmOptions.Imitation"/>, then Reptile meta-learning
/// from there; <see cref="DtSmdrlArmOptions.Initialisation"/> selects the ablations), CVaR-constrained; for each test patient, K PPO updates of adaptation on the
/// patient's own twins (drawn from its biomarker-conditioned prior, from the observed record), then
/// greedy decisions behind a safety shield that masks actions whose forecast probability of a severe
/// toxicity event in the next cycle exceeds the threshold (hold when all are masked). The stated
/// response probability is the response rate of the adapted policy on the patient's twins, calibrated on the validation
/// split's retrospective courses (<see cref="StatedResponseCalibration"/>, unless <see cref="DtSmdrlArmOptions.CalibrateStatedResponse"/> is off).
/// In the study the patient representation is the small <see cref="PatientContext"/> vector and the twins come from
/// the biomarker-conditioned prior; the ML.NET estimator (<see cref="MlNet.MetaPpoEstimator"/>) can take the fusion
/// embedding and the fusion head's prior instead. With <see cref="DtSmdrlArmOptions.InCourseBelief"/> (the study arm
/// "DT-SMDRL + in-course belief"), every patient's belief is updated after every cycle of the episode from what the episode
/// observes (<see cref="BatchedTwinBelief"/>): the shield forecasts from it, and with <see cref="DtSmdrlArmOptions.BeliefInput"/>
/// the policy reads its summary, in meta-training, adaptation (so the CVaR constraint is over belief-updating episodes) and
/// the study's episodes alike. Without it, the twins are drawn once before the first cycle.
/// </summary>
public sealed class DtSmdrlMethod(DtSmdrlArmOptions options, TwinPrior? prior = null, IPatientTwinSource? source = null) : ITreatmentMethod, ILearningCurveSource
{
    private readonly TwinPrior prior = prior ?? new TwinPrior();
    private readonly IPatientTwinSource source = source ?? new BiomarkerTwinSource(prior ?? new TwinPrior(), options.PointEstimateTwins);
    private int seed;

    public string Name { get; init; } = "DT-SMDRL";

    public bool IsLearned => true;

    /// <summary>The settings.</summary>
    public DtSmdrlArmOptions Options => options;

    /// <summary>How the agent sees a patient (context and twin samples).</summary>
    public IPatientTwinSource Source => this.source;

    /// <summary>The initialisation learned by the last <see cref="Fit"/> (null before).</summary>
    public MetaInitialization? Initialization { get; private set; }

    /// <summary>Shield statistics of the last <see cref="Prepare"/>d batch (read after the episodes ran).</summary>
    public AdaptedPolicySet? LastPolicies { get; private set; }

    /// <summary>Where Twin-MPC's demonstrations are shared with other arms of the process (null: recorded by every <see cref="Fit"/>).</summary>
    public DemonstrationCache? DemonstrationCache { get; init; }

    /// <summary>Wall seconds of each test patient's K adaptation updates in the last <see cref="Prepare"/>, in patient order.</summary>
    public double[] AdaptationSeconds { get; private set; } = [];

    /// <summary>Twin-MPC's recorded decisions of the last <see cref="Fit"/> with <see cref="DtSmdrlArmOptions.Imitation"/> (null otherwise).</summary>
    public Demonstrations? LastDemonstrations { get; private set; }

    /// <summary>Mean episode value J (training scale) of Twin-MPC's demonstration episodes of the last <see cref="Fit"/> (NaN without imitation).</summary>
    public double TeacherMeanValue { get; private set; } = double.NaN;

    /// <summary>The initialisation's training curve of the last <see cref="Fit"/> (meta-training, or the pooled PPO run of the w/o meta-learning ablation).</summary>
    public IReadOnlyList<TrainingCurvePoint> LastCurve { get; private set; } = [];

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null)
    {
        // Invalid settings fail here, naming the field, not deep inside training.
        options.Validate();
        this.seed = seed;
        TorchSetup.Configure(seed, options.TorchThreads);
        source.Fit(data, seed, progress is null ? null : new SynchronousProgress<string>(m => progress.Report($"{Name} {m}")));
        source.Precompute(data.Train.Select(p => p.Observed).ToList());
        var rng = new Random(seed);
        var patients = data.Train.Select(p => Patient(p.Id, p.Observed, options.TwinsPerPatient, rng)).ToList();
        if (options.PolicyReadsBelief)
        {
            // The belief's starting particles: further draws from the same source, from a stream of their own (so the twins stay as without a belief).
            var beliefRng = new Random(unchecked(seed * 7717 + 1));
            patients = patients.Select((p, i) => p with { BeliefParticles = source.SampleTwins(data.Train[i].Observed, options.Belief.Particles, beliefRng) }).ToList();
        }
        var named = progress is null ? null : new SynchronousProgress<string>(m => progress.Report($"{Name} {m}"));
        var curve = new List<TrainingCurvePoint>();
        Demonstrations? demonstrations = null;
        if (options.Imitation is { } imitation)
        {
            // The teacher plans with the agent's own prior (or its learned source, when that is a belief source too).
            var teacher = new TwinMpcMethod(new TwinMpcOptions { Environment = options.Environment, Threads = options.Workers }, source as ITwinBeliefSource, prior);
            // A policy that reads the belief learns from rows that carry its summary, as its training and decision rows do.
            var belief = options.PolicyReadsBelief ? options.Belief : null;
            (Demonstrations, double) Record() => TwinMpcDemonstrations.Record(data, patients, teacher, imitation, seed, options.Workers, named, belief);
            (demonstrations, TeacherMeanValue) = DemonstrationCache is { } cache ? cache.GetOrRecord(seed, imitation, options.Environment, patients, Record, belief) : Record();
        }
        LastDemonstrations = demonstrations;
        Initialization = PolicyInitialiser.Train(options.Initialisation, patients, options, seed, named, curve, demonstrations);
        LastCurve = curve;
        ResponseCalibration = null;
        if (options.CalibrateStatedResponse)
        {
            source.Precompute(data.Validation.Select(p => p.Observed).ToList());
            ResponseCalibration = StatedResponseCalibration.Fit(data.Validation, data.ValidationCourses, source, options.Environment,
                options.StatedResponseSamples, seed, options.Workers);
        }
    }

    /// <summary>The stated response probability's calibration fitted by the last <see cref="Fit"/> (null when <see cref="DtSmdrlArmOptions.CalibrateStatedResponse"/> is off).</summary>
    public StatedResponseCalibration? ResponseCalibration { get; private set; }

    public MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients)
    {
        var init = Initialization ?? throw new InvalidOperationException($"{Name}: call Fit before Prepare.");
        var rng = new Random(seed + 31);
        source.Precompute(testPatients.Select(p => p.Observed).ToList());
        // Twins are drawn in patient order first, so adapting patients in parallel gives the same results.
        var tasks = new MetaTask[testPatients.Count];
        var contexts = new List<float[]>(testPatients.Count);
        var forecastTwins = new List<NsclcParameters[]>(testPatients.Count);
        var beliefParticles = new List<NsclcParameters[]>(testPatients.Count);
        var beliefRng = new Random(unchecked(seed * 7717 + 2));
        for (var i = 0; i < testPatients.Count; i++)
        {
            var patient = testPatients[i];
            var twins = Patient(patient.Id, patient.Observed, options.TwinsPerPatient, rng);
            if (options.InCourseBelief)
            {
                beliefParticles.Add(source.SampleTwins(patient.Observed, options.Belief.Particles, beliefRng));
                twins = twins with { BeliefParticles = beliefParticles[i] };
            }
            tasks[i] = twins.ToTask(options.Environment, options.PolicyReadsBelief ? options.Belief : null, options.BeliefInput);
            contexts.Add(source.Context(patient.Observed));
            forecastTwins.Add(Patient(patient.Id, patient.Observed, options.ForecastSamples, rng).Twins);
        }
        var adaptedPolicies = new PpoPolicy[tasks.Length];
        var adaptationSeconds = new double[tasks.Length];
        Parallel.For(0, tasks.Length, new ParallelOptions { MaxDegreeOfParallelism = options.Workers }, i =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var adapted = MetaPpo.Adapt(init, tasks[i], options.AdaptationUpdates, options.Meta.Inner with { Seed = seed }, seed, evaluationEpisodes: 0);
            adaptedPolicies[i] = new MetaInitialization(adapted.Weights, init.Normalizer).ToPolicy();
            adaptationSeconds[i] = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        });
        AdaptationSeconds = adaptationSeconds;
        var policies = adaptedPolicies.ToList();

        // The stated probability's twins and dice come from a stream of their own. The rng still advances by the dice of the
        // 16-sample forecast rollouts that stated it before StatedResponseSamples existed, so the shield's seed below, and with
        // it every decision, is unchanged by how many samples the statement uses.
        for (var k = 0; k < forecastTwins.Count * options.ForecastSamples; k++) rng.NextInt64();
        var statedRng = new Random(unchecked(seed * 7717 + 6));
        var statedTwins = testPatients.Select(p => Patient(p.Id, p.Observed, options.StatedResponseSamples, statedRng).Twins).ToList();
        var stated = ResponseRates(policies, contexts, statedTwins, beliefParticles, statedRng);
        if (ResponseCalibration is { } calibration) stated = stated.Select(p => calibration.Apply(p)).ToArray();
        var simulation = options.Environment.Simulation;
        var shield = options.CreateShield();
        var forecastSeed = (ulong)rng.NextInt64();
        if (!options.InCourseBelief)
        {
            var forecaster = shield is null ? null : new TwinToxicityForecaster(forecastTwins, simulation, forecastSeed, options.Workers);
            LastPolicies = new AdaptedPolicySet(policies, contexts, simulation.Actions, shield, forecaster);
            return new MethodPlan(LastPolicies, stated);
        }

        // The closed loop: one belief over the batch, restarted every episode, updated every cycle; the shield forecasts from it.
        var belief = new EpisodeBelief(new BatchedTwinBelief(testPatients.Count, simulation, options.Belief with { Threads = options.Workers }),
            beliefParticles, unchecked(seed * 7717 + 3), options.BeliefInput);
        var beliefForecaster = shield is null ? null : new BeliefToxicityForecaster(belief.Belief, simulation, options.ForecastSamples, options.Workers);
        LastPolicies = new AdaptedPolicySet(policies, contexts, simulation.Actions, shield, beliefForecaster, belief);
        LastBelief = belief.Belief;
        return new MethodPlan(LastPolicies, stated);
    }

    /// <summary>
    /// The patient as the agent sees it (<see cref="Source"/>): context features and <paramref name="count"/> twin samples.
    /// </summary>
    public PatientTwins Patient(string id, PatientRecord observed, int count, Random rng) =>
        new(id, source.Context(observed), source.SampleTwins(observed, count, rng));

    /// <summary>The in-course belief of the last <see cref="Prepare"/>d batch (null without <see cref="DtSmdrlArmOptions.InCourseBelief"/>).</summary>
    public BatchedTwinBelief? LastBelief { get; private set; }

    /// <summary>
    /// Share of each patient's twins on which its adapted greedy policy (unshielded) gives CR or PR; a policy that reads the
    /// belief runs with the patient's belief updating along each of those episodes.
    /// </summary>
    private double[] ResponseRates(List<PpoPolicy> policies, List<float[]> contexts, List<NsclcParameters[]> twins, List<NsclcParameters[]> beliefParticles, Random rng)
    {
        var m = options.StatedResponseSamples;
        var repeatedPolicies = policies.SelectMany(p => Enumerable.Repeat(p, m)).ToList();
        var repeatedContexts = contexts.SelectMany(c => Enumerable.Repeat(c, m)).ToList();
        var flat = twins.SelectMany(t => t).ToArray();
        var seeds = flat.Select(_ => (ulong)rng.NextInt64()).ToArray();
        var ids = Enumerable.Range(0, flat.Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var belief = options.PolicyReadsBelief
            ? new EpisodeBelief(new BatchedTwinBelief(flat.Length, options.Environment.Simulation, options.Belief with { Threads = options.Workers }),
                beliefParticles.SelectMany(b => Enumerable.Repeat(b, m)).ToList(), unchecked(seed * 7717 + 4), Input: true)
            : null;
        var policy = new AdaptedPolicySet(repeatedPolicies, repeatedContexts, options.Environment.Simulation.Actions, shield: null, forecaster: null, belief);
        var episodes = new EpisodeRunner(options.Environment).Run(policy, ids, flat, seeds, options.Workers);
        return Enumerable.Range(0, policies.Count)
            .Select(i => episodes.Skip(i * m).Take(m).Count(e => e.BestResponse is EvalRecist.CR or EvalRecist.PR) / (double)m)
            .ToArray();
    }

}
