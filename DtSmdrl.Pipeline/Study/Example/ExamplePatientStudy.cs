using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Study.Example;

/// <summary>
/// The report's example patient: twin samples of one test patient (the DT-SMDRL arm's view of the patient, drawn from
/// its biomarker-conditioned prior; a fresh draw, not the samples the arm adapted on) simulated under the DT-SMDRL recommended plan, the clinical guideline's plan and
/// two simple alternatives, each as an open-loop action sequence over the decision cycles followed by the environment's
/// follow-up under hold. Per plan and day: SLD and ANC 5/50/95% quantiles over the samples alive that day, and the true
/// twin under the same plan. Deterministic for a seed.
/// </summary>
public static class ExamplePatientStudy
{
    /// <summary>Output file in the study folder.</summary>
    public const string CsvFile = "example_patient.csv";

    /// <summary>Label of the DT-SMDRL plan (the true twin under it is the figure's dashed line).</summary>
    public const string RecommendedPlan = "DT-SMDRL recommended";

    /// <summary>Label of the clinical guideline's plan.</summary>
    public const string GuidelinePlan = "Clinical guideline";

    /// <summary>Label of the untreated course.</summary>
    public const string HoldPlan = "No treatment (hold)";

    /// <summary>
    /// The test patient with the median observed baseline SLD (sum of the lesion diameters at the decision point; lower
    /// median for an even count, ties broken by id), among the test patients with a baseline scan: a typical tumour
    /// burden, chosen without looking at any outcome.
    /// </summary>
    public static StudyPatient Choose(IReadOnlyList<StudyPatient> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var scanned = test.Where(p => p.Observed.Imaging is not null)
            .OrderBy(ObservedSld).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        if (scanned.Count == 0) throw new InvalidOperationException($"None of the {test.Count} test patients has a baseline scan; the example patient needs one.");
        return scanned[(scanned.Count - 1) / 2];
    }

    /// <summary>Sum of the observed lesion diameters at the decision point, mm (NaN without a scan).</summary>
    public static double ObservedSld(StudyPatient patient) => patient.Observed.Imaging?.LesionDiametersMm.Sum() ?? double.NaN;

    /// <summary>Chooses the patient (<see cref="Choose"/>), builds the plans and simulates them; the method must be fitted.</summary>
    /// <param name="method">The fitted DT-SMDRL method.</param>
    /// <param name="test">The test patients.</param>
    /// <param name="truth">Their truth, same order: the example's true-twin line (evaluation replicate 0's dice).</param>
    /// <param name="seed">Seed of the samples.</param>
    /// <param name="options">Sample count.</param>
    public static IReadOnlyList<TrajectoryBand> Run(DtSmdrlMethod method, IReadOnlyList<StudyPatient> test, IReadOnlyList<EvaluationTruth> truth, int seed,
        ExamplePatientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(method);
        options ??= new ExamplePatientOptions();
        options.Validate();
        var init = method.Initialization ?? throw new InvalidOperationException($"{method.Name}: fit the method before drawing the example patient.");
        var patient = Choose(test);
        var rng = new Random(seed);
        // As in the arm: adaptation on TwinsPerPatient samples, rollouts on ForecastSamples others; the bands on a larger draw.
        var twins = method.Patient(patient.Id, patient.Observed, method.Options.TwinsPerPatient, rng);
        var forecast = method.Patient(patient.Id, patient.Observed, method.Options.ForecastSamples, rng).Twins;
        var plans = Plans(new DtSmdrlRecommender(init, method.Options, method.ResponseCalibration), patient, twins, forecast, seed);
        var samples = method.Patient(patient.Id, patient.Observed, options.Samples, rng).Twins;
        var patientTruth = truth.FirstOrDefault(t => t.Id == patient.Id)
            ?? throw new ArgumentException($"No truth for the example patient {patient.Id}.", nameof(truth));
        return Simulate(patient, patientTruth, samples, plans, method.Options.Environment, (ulong)rng.NextInt64());
    }

    /// <summary>
    /// The plans shown: the DT-SMDRL recommendation (modal plan of its adapted, shielded policy over the forecast
    /// samples), the clinical guideline (modal plan of the guideline's schedule run closed-loop on the same samples),
    /// no treatment, and the regimen the DT-SMDRL policy ranks next at the first decision given throughout.
    /// </summary>
    public static IReadOnlyList<ExamplePlan> Plans(DtSmdrlRecommender recommender, StudyPatient patient, PatientTwins twins, NsclcParameters[] forecast, int seed)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(twins);
        var environment = recommender.Options.Environment;
        var actions = environment.Simulation.Actions;
        var hold = actions.IndexOf("hold");
        if (hold < 0) throw new ArgumentException("The action set has no 'hold' action, which the example patient's untreated course needs.");

        var recommendation = recommender.Recommend(twins, forecast, seed);
        var recommended = recommendation.Plan.Select(actions.IndexOf).ToArray();

        var m = forecast.Length;
        var guideline = StandardSchedulePolicy.ForGuideline(actions, Enumerable.Repeat(patient.Biomarkers, m).ToList());
        var rng = new Random(seed + 1);
        var seeds = Enumerable.Range(0, m).Select(_ => (ulong)rng.NextInt64()).ToArray();
        var ids = Enumerable.Range(0, m).Select(j => j.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var episodes = new EpisodeRunner(environment).Run(guideline, ids, forecast, seeds);
        var guidelinePlan = DtSmdrlRecommender.ModalPlan(episodes.Select(e => e.Actions).ToList(), actions).Select(actions.IndexOf).ToArray();

        // Highest first-decision probability among the treatments other than the recommended first action (lowest index among ties).
        var next = -1;
        for (var a = 0; a < actions.Count; a++)
            if (a != hold && a != recommended[0] && (next < 0 || recommendation.ActionProbabilities[a] > recommendation.ActionProbabilities[next])) next = a;

        var plans = new List<ExamplePlan>
        {
            new(RecommendedPlan, recommended),
            new(GuidelinePlan, guidelinePlan),
            new(HoldPlan, Enumerable.Repeat(hold, environment.Cycles).ToArray()),
        };
        if (next >= 0) plans.Add(new($"{actions[next].Name} throughout (DT-SMDRL's next choice)", Enumerable.Repeat(next, environment.Cycles).ToArray()));
        return plans;
    }

    /// <summary>
    /// Simulates every plan on every sample and on the true twin in one batch: the samples share noise seeds across
    /// plans (common random numbers) and the true twin uses the dice of the patient's evaluation replicate 0. Days 0 to
    /// the end of follow-up.
    /// </summary>
    public static IReadOnlyList<TrajectoryBand> Simulate(StudyPatient patient, EvaluationTruth truth, NsclcParameters[] samples, IReadOnlyList<ExamplePlan> plans,
        TwinEnvironmentOptions environment, ulong sampleSeed)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(truth);
        if (truth.Id != patient.Id) throw new ArgumentException($"The truth of {truth.Id} was given for patient {patient.Id}.", nameof(truth));
        return Simulate(patient.Id, ObservedSld(patient), samples, plans, environment, sampleSeed, (truth.TrueTwin, DiceSeeds.Evaluation(truth.DiceSeed, 0)));
    }

    /// <summary>
    /// The same simulation for any patient (the clinician page's forecast): <paramref name="samples"/> are the twin's
    /// posterior or prior draws, <paramref name="truth"/> the true twin and its noise seed when known (synthetic
    /// patients only; otherwise the rows' true_* are NaN).
    /// </summary>
    public static IReadOnlyList<TrajectoryBand> Simulate(string patientId, double observedSldMm, NsclcParameters[] samples, IReadOnlyList<ExamplePlan> plans,
        TwinEnvironmentOptions environment, ulong sampleSeed, (NsclcParameters Parameters, ulong NoiseSeed)? truth)
    {
        ArgumentNullException.ThrowIfNull(patientId);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(environment);
        environment.Validate();
        if (samples.Length < 2) throw new ArgumentException($"Need at least 2 twin samples for bands, got {samples.Length}.", nameof(samples));
        var actions = environment.Simulation.Actions;
        foreach (var plan in plans)
        {
            if (plan.Actions.Length != environment.Cycles)
                throw new ArgumentException($"Plan '{plan.Name}' has {plan.Actions.Length} actions; the environment runs {environment.Cycles} cycles.", nameof(plans));
            if (plan.Actions.Any(a => a < 0 || a >= actions.Count))
                throw new ArgumentException($"Plan '{plan.Name}' has an action index outside 0..{actions.Count - 1}.", nameof(plans));
        }
        var hold = actions.IndexOf("hold");
        var cycleDays = (int)NsclcTwinModel.CycleDays;
        var treatedDays = environment.Cycles * cycleDays;
        if (environment.FollowUpDay > treatedDays && hold < 0)
            throw new ArgumentException("The action set has no 'hold' action, which the follow-up needs.");
        var lastDay = Math.Max(treatedDays, environment.FollowUpDay);

        // Slot layout: plan p owns slots p * width .. p * width + m - 1, then the true twin's slot when it is known.
        var m = samples.Length;
        var width = truth is null ? m : m + 1;
        var n = plans.Count * width;
        var parameters = new NsclcParameters[n];
        var seeds = new ulong[n];
        var rng = new Random(unchecked((int)sampleSeed));
        var sampleSeeds = Enumerable.Range(0, m).Select(_ => (ulong)rng.NextInt64()).ToArray();
        for (var p = 0; p < plans.Count; p++)
        {
            for (var j = 0; j < m; j++) { parameters[p * width + j] = samples[j]; seeds[p * width + j] = sampleSeeds[j]; }
            if (truth is { } t)
            {
                parameters[p * width + m] = t.Parameters;
                seeds[p * width + m] = t.NoiseSeed;
            }
        }

        var simulator = new NsclcBatchSimulator(n, environment.Simulation);
        simulator.RecordDaily(lastDay);
        simulator.Reset(parameters, seeds);
        var step = new int[n];
        for (var c = 0; c < environment.Cycles; c++)
        {
            for (var p = 0; p < plans.Count; p++) Array.Fill(step, plans[p].Actions[c], p * width, width);
            simulator.Advance(step, cycleDays);
        }
        Array.Fill(step, Math.Max(hold, 0));
        while (simulator.Day < lastDay) simulator.Advance(step, Math.Min(cycleDays, lastDay - simulator.Day));

        var rows = new List<TrajectoryBand>(plans.Count * (lastDay + 1));
        var sld = new List<double>(m);
        var anc = new List<double>(m);
        for (var p = 0; p < plans.Count; p++)
        {
            var description = PlanLibrary.DescribePlan(actions, plans[p].Actions);
            var truthSlot = p * width + m;
            for (var day = 0; day <= lastDay; day++)
            {
                sld.Clear();
                anc.Clear();
                for (var j = 0; j < m; j++)
                {
                    var slot = p * width + j;
                    var volume = simulator.RecordedVolume(slot, day);
                    if (double.IsNaN(volume)) continue;
                    sld.Add(NsclcDynamics.SldFromVolume(volume, parameters[slot].LesionCount));
                    anc.Add(simulator.RecordedAnc(slot, day));
                }
                sld.Sort();
                anc.Sort();
                var trueVolume = truth is null ? double.NaN : simulator.RecordedVolume(truthSlot, day);
                rows.Add(new TrajectoryBand(patientId, observedSldMm, plans[p].Name, description, day,
                    Bootstrap.Quantile(sld, 0.05), Bootstrap.Quantile(sld, 0.5), Bootstrap.Quantile(sld, 0.95),
                    Bootstrap.Quantile(anc, 0.05), Bootstrap.Quantile(anc, 0.5), Bootstrap.Quantile(anc, 0.95),
                    sld.Count / (double)m,
                    double.IsNaN(trueVolume) ? double.NaN : NsclcDynamics.SldFromVolume(trueVolume, truth!.Value.Parameters.LesionCount),
                    truth is null ? double.NaN : simulator.RecordedAnc(truthSlot, day)));
            }
        }
        return rows;
    }
}
