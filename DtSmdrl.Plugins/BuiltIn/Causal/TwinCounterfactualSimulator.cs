using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>
/// Twin counterfactuals for the NSCLC twin in three steps: abduction (the <see cref="TwinPosterior"/> of the
/// patient's twin given the observed history), action (the regimen's plan replaces or continues the doses
/// given) and prediction (<see cref="CounterfactualSimulator"/>: posterior samples simulated under the plan with
/// the same samples and noise for every regimen, so regimens differ only by their doses).
/// <para>History conventions (a <see cref="PatientHistory"/> in the twin's terms):</para>
/// <list type="table">
/// <listheader><term>field</term><description>meaning</description></listheader>
/// <item><term>Baseline</term><description>egfr_mutant (0/1), pdl1_tps (0-100), tmb (mut/Mb), age (years), ecog (0-4); optional lesion_count (1-5)</description></item>
/// <item><term>Observations</term><description>variable "sld" (sum of longest diameters, mm; the day-0 value is the baseline) and "anc" (10^9/L), whole days</description></item>
/// <item><term>Doses</term><description>one <see cref="DoseEvent"/> per 21-day cycle on its first day (day 21 k), Drug = an action name of <see cref="ActionSet.NsclcDefault"/> (hold, chemo_full, chemo_reduced, targeted, immuno, chemo_immuno); Amount and Unit are not used; a cycle without an event is hold</description></item>
/// </list>
/// Trajectories report <see cref="Variables"/> at every cycle end (day 21 k) from the first cycle to the
/// horizon, as the median and central interval of the true (noise-free) values over posterior samples.
/// </summary>
public sealed class TwinCounterfactualSimulator : ICounterfactualSimulator
{
    /// <summary>Variable name of the sum of longest diameters, mm.</summary>
    public const string Sld = "sld";

    /// <summary>Variable name of the absolute neutrophil count, 10^9/L.</summary>
    public const string Anc = "anc";

    /// <summary>The variables this simulator reports.</summary>
    public static IReadOnlyList<string> Variables { get; } = [Sld, Anc];

    private const int CycleDays = 21;
    private readonly TwinPrior prior;
    private readonly PosteriorOptions posterior;
    private readonly int samples;
    private readonly NsclcSimulationOptions? simulation;

    /// <summary>Default prior, posterior settings (500 particles) and 200 prediction samples (the constructor discovery uses).</summary>
    public TwinCounterfactualSimulator() : this(new TwinPrior(), new PosteriorOptions(), 200) { }

    /// <summary>A simulator with explicit settings; <paramref name="simulation"/> null uses the simulator's defaults (death and irAEs on).</summary>
    public TwinCounterfactualSimulator(TwinPrior prior, PosteriorOptions posterior, int samples, NsclcSimulationOptions? simulation = null)
    {
        this.prior = prior ?? throw new ArgumentNullException(nameof(prior));
        this.posterior = posterior ?? throw new ArgumentNullException(nameof(posterior));
        posterior.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        this.samples = samples;
        this.simulation = simulation;
    }

    /// <inheritdoc/>
    public string Name => "twin";

    /// <inheritdoc/>
    public CounterfactualResult Simulate(PatientHistory history, CounterfactualRequest request)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        var context = $"patient '{history.PatientId}'";
        Validate(request, context);
        var actions = simulation?.Actions ?? ActionSet.NsclcDefault;

        var baselineSld = history.Observations.Where(o => o.Variable == Sld && o.Day == 0).Select(o => o.Value).DefaultIfEmpty(double.NaN).First();
        var covariates = Covariates(history.Baseline, baselineSld, context);
        var given = CyclePlan(history.DosesGiven, actions, context, "DosesGiven");
        var observed = Measurements(history.Observations, context);
        var lastDay = observed.Sld.Concat(observed.Anc).Select(m => m.Day).DefaultIfEmpty(0).Max();
        var historyCycles = Math.Max(given.Count, (lastDay + CycleDays - 1) / CycleDays);
        var hold = actions.IndexOf("hold");
        var factual = Pad(given, historyCycles, hold);

        // Abduction: condition the patient's twin on everything observed.
        var twin = new TwinPosterior(prior, covariates, posterior with { Seed = request.Seed });
        if (historyCycles > 0)
            twin.Update(new ObservedHistory(factual, observed.Sld, observed.Anc));

        var horizonCycles = (int)Math.Ceiling(request.HorizonDays / CycleDays);
        var totalCycles = Math.Max(1, historyCycles + horizonCycles);
        var warnings = new List<string>();
        if (request.StepDays != CycleDays)
            warnings.Add($"The twin reports at cycle ends (every {CycleDays} days); StepDays = {request.StepDays} was not used.");

        var trajectories = new List<CounterfactualTrajectory>();
        foreach (var regimen in request.Regimens)
        {
            // Action: a regimen with a dose inside the observed period replaces the history; otherwise it continues it.
            var planned = CyclePlan(regimen.Doses, actions, context, $"regimen '{regimen.Name}'");
            var retrospective = regimen.Doses.Any(d => d.Day < historyCycles * CycleDays);
            var plan = Pad(planned, totalCycles, hold);
            if (!retrospective)
            {
                for (var k = 0; k < historyCycles; k++) plan[k] = factual[k];
            }
            if (planned.Count > totalCycles)
                warnings.Add($"Regimen '{regimen.Name}' has doses beyond the horizon (day {totalCycles * CycleDays}); they were not simulated.");

            // Prediction: the same posterior samples and noise seeds for every regimen.
            var prediction = CounterfactualSimulator.Predict(twin, plan, samples, (ulong)request.Seed, request.Level, simulation, request.Seed);
            var points = new List<TrajectoryPoint>();
            for (var c = 0; c < prediction.CycleEndDays.Count; c++)
            {
                foreach (var variable in request.Variables)
                {
                    points.Add(variable == Sld
                        ? new TrajectoryPoint(prediction.CycleEndDays[c], Sld, prediction.SldMedian[c], prediction.SldLower[c], prediction.SldUpper[c])
                        : new TrajectoryPoint(prediction.CycleEndDays[c], Anc, prediction.AncMedian[c], prediction.AncLower[c], prediction.AncUpper[c]));
                }
            }
            trajectories.Add(new CounterfactualTrajectory(regimen.Name, points));
        }
        return new CounterfactualResult(Name, history.PatientId, trajectories, warnings);
    }

    private static void Validate(CounterfactualRequest request, string context)
    {
        if (request.Regimens.Count == 0)
            throw new ArgumentException($"{context}: CounterfactualRequest.Regimens is empty.");
        if (request.Variables.Count == 0)
            throw new ArgumentException($"{context}: CounterfactualRequest.Variables is empty; the twin reports {string.Join(", ", Variables)}.");
        foreach (var variable in request.Variables)
        {
            if (!Variables.Contains(variable))
                throw new ArgumentException($"{context}: CounterfactualRequest.Variables has '{variable}'; the twin reports {string.Join(", ", Variables)}.");
        }
        if (!(request.HorizonDays >= 0) || !double.IsFinite(request.HorizonDays))
            throw new ArgumentException($"{context}: CounterfactualRequest.HorizonDays = {request.HorizonDays} must be >= 0.");
        if (!(request.Level > 0 && request.Level < 1))
            throw new ArgumentException($"{context}: CounterfactualRequest.Level = {request.Level} must be in (0, 1).");
        if (request.Seed < 0)
            throw new ArgumentException($"{context}: CounterfactualRequest.Seed = {request.Seed} must be >= 0.");
    }

    private static TwinCovariates Covariates(IReadOnlyDictionary<string, double> baseline, double baselineSld, string context)
    {
        double Get(string key) => baseline.TryGetValue(key, out var value)
            ? value
            : throw new ArgumentException($"{context}: baseline covariate '{key}' is missing (needed: egfr_mutant, pdl1_tps, tmb, age, ecog).");
        var egfr = Get("egfr_mutant");
        if (egfr is not (0 or 1))
            throw new ArgumentException($"{context}: baseline covariate 'egfr_mutant' = {egfr} must be 0 or 1.");
        var ecog = Get("ecog");
        var lesions = baseline.TryGetValue("lesion_count", out var count) ? count : 0;
        if (ecog != Math.Round(ecog) || lesions != Math.Round(lesions))
            throw new ArgumentException($"{context}: baseline covariates 'ecog' and 'lesion_count' must be whole numbers.");
        var covariates = new TwinCovariates(egfr == 1, Get("pdl1_tps"), Get("tmb"), Get("age"), (int)ecog, baselineSld, (int)lesions);
        covariates.Validate(context);
        return covariates;
    }

    /// <summary>Action index per cycle from one dose event per cycle start (cycles without one are hold).</summary>
    private static List<int> CyclePlan(IReadOnlyList<DoseEvent> doses, ActionSet actions, string context, string field)
    {
        var plan = new List<int>();
        var hold = actions.IndexOf("hold");
        for (var i = 0; i < doses.Count; i++)
        {
            var dose = doses[i];
            if (!(dose.Day >= 0) || dose.Day % CycleDays != 0)
                throw new ArgumentException($"{context}: {field}[{i}] is on day {dose.Day}; the twin takes one dose event per cycle on day 21 k.");
            var cycle = (int)(dose.Day / CycleDays);
            while (plan.Count <= cycle) plan.Add(hold);
            int action;
            try { action = actions.IndexOf(dose.Drug); }
            catch (ArgumentException e) { throw new ArgumentException($"{context}: {field}[{i}] (day {dose.Day}): {e.Message}", e); }
            if (plan[cycle] != hold && plan[cycle] != action)
                throw new ArgumentException($"{context}: {field}[{i}]: cycle starting on day {dose.Day} already has action '{actions[plan[cycle]].Name}'.");
            plan[cycle] = action;
        }
        return plan;
    }

    private static int[] Pad(List<int> plan, int cycles, int hold)
    {
        var padded = new int[cycles];
        Array.Fill(padded, hold);
        for (var k = 0; k < cycles && k < plan.Count; k++) padded[k] = plan[k];
        return padded;
    }

    private static (Measurement[] Sld, Measurement[] Anc) Measurements(IReadOnlyList<Observation> observations, string context)
    {
        var sld = new List<Measurement>();
        var anc = new List<Measurement>();
        for (var i = 0; i < observations.Count; i++)
        {
            var o = observations[i];
            if (o.Day < 0 || o.Day != Math.Round(o.Day))
                throw new ArgumentException($"{context}: Observations[{i}] ({o.Variable}) is on day {o.Day}; the twin takes whole days >= 0.");
            if (o.Variable == Sld)
            {
                if (o.Day > 0) sld.Add(new Measurement((int)o.Day, o.Value));
            }
            else if (o.Variable == Anc)
            {
                anc.Add(new Measurement((int)o.Day, o.Value));
            }
            else
            {
                throw new ArgumentException($"{context}: Observations[{i}] has variable '{o.Variable}'; the twin reads {string.Join(", ", Variables)}.");
            }
        }
        return (sld.OrderBy(m => m.Day).ToArray(), anc.OrderBy(m => m.Day).ToArray());
    }
}
