using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>One input of <see cref="DtSmdrlRecommender.Recommend"/>: the patient's twins, the forecast samples and the seed.</summary>
/// <param name="Patient">Twin samples the policy adapts on.</param>
/// <param name="Forecast">Twin samples the adapted policy is rolled out on (same context, other samples).</param>
/// <param name="Seed">Seed of the adaptation and the rollouts.</param>
public sealed record RecommendationCase(PatientTwins Patient, NsclcParameters[] Forecast, long Seed);
