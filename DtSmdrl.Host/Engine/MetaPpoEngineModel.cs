using System.Globalization;
using System.Text.Json;
using DtSmdrl.Host.Options;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Agent.MlNet;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Torch;
using Microsoft.ML;

namespace DtSmdrl.Host.Engine;

/// <summary>
/// A trained DT-SMDRL agent behind the engine seam. Recommend: the patient's context from the observed record, the
/// first TwinsPerPatient posterior samples as the adaptation twins and up to ForecastSamples of them for the shielded
/// closed-loop rollouts (<see cref="DtSmdrlRecommender"/>). For a patient already on treatment the rollouts replay the
/// cycles given (<c>ActionsSoFar</c>) on every posterior sample, so the plan continues from the state they led to; the
/// posterior carries what the observations taught. The adaptation updates still train on whole courses from the start.
/// Evaluate: Brier score of the stated response probability against the retrospective response, on the held-out
/// courses whose first regimen is the agent's first recommended action (the only courses that test its statement).
/// </summary>
public sealed class MetaPpoEngineModel(MetaPpoTransformer agent, EngineOptions settings) : IRecommendationModel
{
    public string ManifestJson => JsonSerializer.Serialize(new
    {
        engine = MetaPpoEngine.EngineName,
        training_data_hash = agent.TrainingDataHash,
        seed = agent.Options.Seed,
        adaptation_updates = agent.Options.Agent.AdaptationUpdates,
        shield_threshold = agent.Options.Agent.ShieldThreshold,
        cost_measure = agent.Options.Agent.Meta.Inner.CostMeasure.ToString(),
        cost_limit = agent.Options.Agent.Meta.Inner.CostLimit,
    });

    public void Save(string path) => MetaPpoModelBundle.Save(path, new MLContext(), agent);

    public EngineRecommendation Recommend(RecommendationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PosteriorSamples.Count == 0) throw new ArgumentException("At least one posterior sample is needed.", nameof(request));
        var options = agent.Options.Agent;
        TorchSetup.Configure(request.Seed, options.TorchThreads);
        var samples = request.PosteriorSamples;
        var twins = Enumerable.Range(0, options.TwinsPerPatient).Select(k => samples[k % samples.Count]).ToArray();
        var forecast = Enumerable.Range(0, Math.Min(options.ForecastSamples, samples.Count)).Select(k => samples[k]).ToArray();
        var patient = new PatientTwins(request.Record.PatientId, PatientContext.Features(request.Record), twins);
        var result = new DtSmdrlRecommender(agent.Initialization, options, agent.ResponseCalibration).Recommend(patient, forecast, request.Seed, request.ActionsSoFar);

        var remaining = result.Plan.Skip(request.ActionsSoFar.Count).Take(settings.PlanCycles).ToList();
        if (remaining.Count == 0) remaining = [ActionNames(options)[0]];
        var actions = ActionNames(options);
        var first = string.Join(", ", result.ActionProbabilities.Select((p, a) => (p, a)).OrderByDescending(t => t.p).Take(3)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{actions[t.a]} {t.p:P0}")));
        var explanation = string.Create(CultureInfo.InvariantCulture,
            $"DT-SMDRL adapted {options.AdaptationUpdates} PPO updates on {twins.Length} posterior samples after {request.ObservedCycles} observed cycles; " +
            $"rollouts continue from the {request.ActionsSoFar.Count} cycle(s) given; " +
            $"first-decision probabilities {first}; response {result.ResponseProbability:P0}, severe toxicity {result.SevereToxicityProbability:P0} " +
            $"over {forecast.Length} shielded rollouts ({result.ShieldFallbacks} shield fallbacks to hold)");
        return new EngineRecommendation(remaining, result.ResponseProbability, result.SevereToxicityProbability, result.ToxicityCvar,
            options.Meta.Inner.CvarAlpha, result.Confidence, TwinWeight: 1.0, Regimens: [], explanation);
    }

    public HeldOutEvaluation Evaluate(IReadOnlyList<StudyPatient> patients, IReadOnlyList<RetrospectiveCourse> courses)
    {
        var byId = patients.ToDictionary(p => p.Id);
        var prior = new Pipeline.Twin.Prior.TwinPrior();
        var options = agent.Options.Agent;
        double sum = 0;
        var used = 0;
        foreach (var course in courses.Where(c => byId.ContainsKey(c.PatientId)))
        {
            var record = byId[course.PatientId].Observed;
            var rng = new Random(StableSeed.Of(course.PatientId, unchecked((int)agent.Options.Seed)));
            var samples = PatientContext.SampleTwins(record, prior, Math.Max(options.TwinsPerPatient, options.ForecastSamples), rng);
            var recommendation = Recommend(new RecommendationRequest(record, samples, [], 0, unchecked((int)agent.Options.Seed)));
            if (recommendation.Plan[0] != course.FirstRegimen) continue;
            sum += Math.Pow(recommendation.ResponseProbability - (course.ObjectiveResponse ? 1 : 0), 2);
            used++;
        }
        return new HeldOutEvaluation(used > 0 ? sum / used : double.NaN, used, used);
    }

    private static IReadOnlyList<string> ActionNames(DtSmdrlArmOptions options) => options.Environment.Simulation.Actions.Names.ToList();
}
