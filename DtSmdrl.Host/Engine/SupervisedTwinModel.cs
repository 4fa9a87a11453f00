using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using DtSmdrl.Host.Options;
using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Host.Engine;

/// <summary>
/// How the supervised-twin engine recommends, for each regimen the supervised model covers:
/// <list type="number">
/// <item>model probabilities p_m (response, severe toxicity) from the patient's record;</item>
/// <item>twin probabilities p_t: the posterior samples simulated from day 0 under the cycles already given,
/// then the regimen for Engine:PlanCycles cycles (response = RECIST CR/PR by the end; toxicity = a severe event
/// during the plan; cost = the twin's toxicity cost during the plan);</item>
/// <item>blend p = (1 - w) p_m + w p_t with w = (c + 1) / (c + 1 + Engine:TwinPriorCycles), c = observed
/// cycles: the more outcomes the twin has seen, the more it decides;</item>
/// <item>score = p(response) - ToxicityWeight p(severe toxicity); the best regimen among those the training
/// data supports for the patient's biomarker group is recommended for every plan cycle.</item>
/// </list>
/// Risk: CVaR_0.9 of the plan's toxicity cost over the samples. Confidence: the project's one definition
/// (<see cref="RecommendationConfidence"/>) from the model's calibrated response probability (one pass, no dropout)
/// and the spread of the simulated response over the posterior samples.
/// </summary>
public sealed class SupervisedTwinModel : IRecommendationModel
{
    private const double CvarAlpha = 0.9;
    private readonly SupervisedBaselineModel model;
    private readonly EngineOptions settings;

    internal SupervisedTwinModel(SupervisedBaselineModel model, EngineOptions settings)
    {
        this.model = model;
        this.settings = settings;
    }

    public string ManifestJson => SupervisedTwinEngine.ManifestOf(model);

    /// <summary>The supervised baseline inside (the clinician page explains its benefit-risk score).</summary>
    internal SupervisedBaselineModel Baseline => model;

    public void Save(string path) => model.Save(path);

    public EngineRecommendation Recommend(RecommendationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PosteriorSamples.Count == 0) throw new ArgumentException("At least one posterior sample is needed.", nameof(request));
        var prediction = model.Predict([request.Record])[0];
        var candidates = prediction.Regimens;
        var n = request.PosteriorSamples.Count;
        var weight = (request.ObservedCycles + 1.0) / (request.ObservedCycles + 1.0 + settings.TwinPriorCycles);
        var twin = candidates.Select(c => SimulatePlan(request, c.Regimen)).ToList();

        double Score(int r, IReadOnlyList<int>? resample)
        {
            var (response, toxicity) = twin[r].Rates(resample);
            var pr = (1 - weight) * candidates[r].ResponseProbability + weight * response;
            var pt = (1 - weight) * candidates[r].SevereToxicityProbability + weight * toxicity;
            return pr - model.ToxicityWeight * pt;
        }

        var eligible = Enumerable.Range(0, candidates.Count).Where(r => candidates[r].Supported).ToList();
        if (eligible.Count == 0) eligible = Enumerable.Range(0, candidates.Count).ToList();
        int Best(IReadOnlyList<int>? resample) => eligible.MaxBy(r => Score(r, resample));

        var chosen = Best(null);
        var confidence = RecommendationConfidence.Compute([candidates[chosen].ResponseProbability], twin[chosen].Response.Select(r => r ? 1.0 : 0.0).ToArray());

        var scores = candidates.Select((c, r) =>
        {
            var (response, toxicity) = twin[r].Rates(null);
            return new RegimenScore(c.Regimen, c.Supported, c.ResponseProbability, c.SevereToxicityProbability, response, toxicity,
                (1 - weight) * c.ResponseProbability + weight * response, (1 - weight) * c.SevereToxicityProbability + weight * toxicity, Score(r, null));
        }).ToList();
        var best = scores[chosen];
        var explanation =
            $"{best.Regimen}: response {best.Response:P0} (model {best.ModelResponse:P0}, twin {best.TwinResponse:P0}), " +
            $"severe toxicity {best.Toxicity:P0} (model {best.ModelToxicity:P0}, twin {best.TwinToxicity:P0}); twin weight {weight:F2} " +
            $"after {request.ObservedCycles} observed cycles; {scores.Count(s => eligible.Contains(scores.IndexOf(s)))} regimens considered";
        return new EngineRecommendation(
            Enumerable.Repeat(best.Regimen, settings.PlanCycles).ToList(), best.Response, best.Toxicity,
            Cvar.Compute(twin[chosen].Costs, CvarAlpha), CvarAlpha, confidence.Confidence, weight, scores, explanation);
    }

    public HeldOutEvaluation Evaluate(IReadOnlyList<StudyPatient> patients, IReadOnlyList<RetrospectiveCourse> courses)
    {
        var byId = patients.ToDictionary(p => p.Id);
        var usable = courses.Where(c => byId.ContainsKey(c.PatientId) && model.Regimens.Contains(c.FirstRegimen)).ToList();
        if (usable.Count == 0) return new HeldOutEvaluation(double.NaN, 0, 0);
        var predictions = model.Predict(usable.Select(c => byId[c.PatientId].Observed)).ToDictionary(p => p.PatientId);
        var sum = 0.0;
        foreach (var course in usable)
        {
            var p = predictions[course.PatientId].Regimens.First(r => r.Regimen == course.FirstRegimen);
            sum += Math.Pow(p.ResponseProbability - (course.ObjectiveResponse ? 1 : 0), 2);
            sum += Math.Pow(p.SevereToxicityProbability - (course.SevereToxicity ? 1 : 0), 2);
        }
        return new HeldOutEvaluation(sum / (2 * usable.Count), usable.Count, 2 * usable.Count);
    }

    private sealed record PlanOutcomes(bool[] Response, bool[] Toxicity, double[] Costs)
    {
        public (double Response, double Toxicity) Rates(IReadOnlyList<int>? resample)
        {
            if (resample is null) return (Response.Average(x => x ? 1.0 : 0.0), Toxicity.Average(x => x ? 1.0 : 0.0));
            double r = 0, t = 0;
            foreach (var k in resample)
            {
                r += Response[k] ? 1 : 0;
                t += Toxicity[k] ? 1 : 0;
            }
            return (r / resample.Count, t / resample.Count);
        }
    }

    private PlanOutcomes SimulatePlan(RecommendationRequest request, string regimen)
    {
        var n = request.PosteriorSamples.Count;
        var simulator = new NsclcBatchSimulator(n);
        var seeds = Enumerable.Range(0, n).Select(k => (ulong)request.Seed * 1_000_003UL + (ulong)k).ToArray();
        simulator.Reset(request.PosteriorSamples.ToArray(), seeds);
        var actions = new int[n];
        foreach (var given in request.ActionsSoFar)
        {
            Array.Fill(actions, given);
            simulator.Advance(actions);
        }
        Array.Fill(actions, ActionSet.NsclcDefault.IndexOf(regimen));
        var toxicity = new bool[n];
        var costs = new double[n];
        for (var cycle = 0; cycle < settings.PlanCycles; cycle++)
        {
            simulator.Advance(actions);
            for (var k = 0; k < n; k++)
            {
                toxicity[k] |= simulator.SevereToxicity[k];
                costs[k] += simulator.Costs[k];
            }
        }
        var response = new bool[n];
        for (var k = 0; k < n; k++) response[k] = Recist.IsObjectiveResponse(simulator.BestResponse[k]);
        return new PlanOutcomes(response, toxicity, costs);
    }
}
