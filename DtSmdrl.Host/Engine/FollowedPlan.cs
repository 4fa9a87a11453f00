using System.Text.Json;
using DtSmdrl.Host.Storage;

namespace DtSmdrl.Host.Engine;

/// <summary>
/// The plan a patient's course follows: the latest recommendation's plan, or, when a clinician overrode that
/// recommendation (clinician page or CDS Hooks feedback), the plan chosen instead; the latest decision on it wins.
/// The closed loop reads it so that what it simulates or expects is what was decided, not what was suggested.
/// </summary>
/// <param name="Recommendation">The patient's latest recommendation.</param>
/// <param name="Decision">The latest decision on that recommendation, if any.</param>
/// <param name="Regimens">Regimen per planned cycle, in order.</param>
public sealed record FollowedPlan(StoredRecommendation Recommendation, StoredDecision? Decision, IReadOnlyList<string> Regimens)
{
    /// <summary>True when the regimens are a clinician's override rather than the recommendation's plan.</summary>
    public bool IsOverride => Decision is { Decision: DecisionKind.Overridden, ChosenPlanJson: not null };

    /// <summary>The followed plan of a patient, or null when it has no recommendation yet.</summary>
    public static FollowedPlan? Latest(Database database, string patientId)
    {
        var recommendation = new RecommendationStore(database).ForPatient(patientId).LastOrDefault();
        if (recommendation is null) return null;
        var decision = new RecommendationDecisionStore(database).ListForPatient(patientId).LastOrDefault(d => d.RecommendationId == recommendation.Id);
        var planJson = decision is { Decision: DecisionKind.Overridden, ChosenPlanJson: { } chosen } ? chosen : recommendation.PlanJson;
        return new FollowedPlan(recommendation, decision, ParseRegimens(planJson));
    }

    private static List<string> ParseRegimens(string planJson)
    {
        using var document = JsonDocument.Parse(planJson);
        return document.RootElement.EnumerateArray().Select(e => e.GetProperty("regimen").GetString()!).ToList();
    }
}
