using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Host.Engine;

/// <summary>
/// The seam between the hosted service and a recommendation method: train from a cohort, save and load a
/// model file, recommend for one patient from its record and twin posterior samples, and score on a held-out
/// set (for promotion). The supervised-twin engine is the first implementation; the meta-PPO engine plugs in here.
/// </summary>
public interface IRecommendationEngine
{
    /// <summary>Engine name stored with every model version (e.g. "supervised-twin").</summary>
    string Name { get; }

    /// <summary>Trains on a cohort's training (and validation) data.</summary>
    IRecommendationModel Train(StudyData data, int seed, IProgress<string>? progress = null);

    /// <summary>Loads a model file written by <see cref="IRecommendationModel.Save"/>.</summary>
    IRecommendationModel Load(string path);
}

/// <summary>A trained model of an <see cref="IRecommendationEngine"/>.</summary>
public interface IRecommendationModel
{
    /// <summary>Provenance (format, training data hash, seed, options, package versions) as JSON.</summary>
    string ManifestJson { get; }

    /// <summary>Writes the model to one file (atomically).</summary>
    void Save(string path);

    /// <summary>A plan with probabilities, risk and confidence for one patient.</summary>
    EngineRecommendation Recommend(RecommendationRequest request);

    /// <summary>Held-out score (lower is better) on patients with known retrospective outcomes.</summary>
    HeldOutEvaluation Evaluate(IReadOnlyList<StudyPatient> patients, IReadOnlyList<RetrospectiveCourse> courses);
}

/// <summary>What a model sees for one recommendation.</summary>
/// <param name="Record">The patient's observed record.</param>
/// <param name="PosteriorSamples">Parameter samples of the patient's twin posterior (the prior when no outcome has arrived).</param>
/// <param name="ActionsSoFar">Action index of every cycle already given (the plan continues from there).</param>
/// <param name="ObservedCycles">Cycles of outcome data the posterior is conditioned on.</param>
/// <param name="Seed">Seed of the twin simulations.</param>
public sealed record RecommendationRequest(
    PatientRecord Record, IReadOnlyList<NsclcParameters> PosteriorSamples, IReadOnlyList<int> ActionsSoFar, int ObservedCycles, int Seed);

/// <summary>One candidate regimen as the engine scored it.</summary>
public sealed record RegimenScore(
    string Regimen, bool Supported, double ModelResponse, double ModelToxicity, double TwinResponse, double TwinToxicity,
    double Response, double Toxicity, double Score);

/// <summary>A recommendation before it is audited.</summary>
/// <param name="Plan">Regimen of each upcoming cycle.</param>
/// <param name="ResponseProbability">P(objective response) of the plan.</param>
/// <param name="SevereToxicityProbability">P(severe toxicity during the plan).</param>
/// <param name="CvarCost">CVaR of the plan's toxicity cost over the posterior samples.</param>
/// <param name="CvarAlpha">Tail level of <paramref name="CvarCost"/>.</param>
/// <param name="Confidence">The project's one confidence (Pipeline/Evaluation/Uncertainty/RecommendationConfidence).</param>
/// <param name="TwinWeight">Weight of the twin forecast against the supervised model.</param>
/// <param name="Regimens">Every candidate's scores.</param>
/// <param name="Explanation">One line in clinical words.</param>
public sealed record EngineRecommendation(
    IReadOnlyList<string> Plan, double ResponseProbability, double SevereToxicityProbability, double CvarCost, double CvarAlpha,
    double Confidence, double TwinWeight, IReadOnlyList<RegimenScore> Regimens, string Explanation);

/// <summary>A held-out score: mean Brier of the response and severe-toxicity predictions (lower is better).</summary>
public sealed record HeldOutEvaluation(double Brier, int Patients, int Predictions);
