namespace DtSmdrl.Pipeline.Data.Records;

/// <summary>
/// A treatment recommendation as it is shown and audited (schema recommendation.schema.json).
/// </summary>
public sealed record Recommendation
{
    public string SchemaVersion { get; init; } = "1.0";

    public required string PatientId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The method that produced it, e.g. "DT-SMDRL".</summary>
    public required string Method { get; init; }

    public required string ModelVersion { get; init; }

    /// <summary>SHA-256 of the input record the recommendation was made from.</summary>
    public required string InputHash { get; init; }

    /// <summary>The planned regimen per upcoming cycle; re-planned each cycle in closed loop.</summary>
    public required IReadOnlyList<PlannedCycle> Plan { get; init; }

    /// <summary>Probability that the plan yields an objective response (RECIST CR or PR).</summary>
    public required double PredictedResponseProbability { get; init; }

    public required ToxicityRisk ToxicityRisk { get; init; }

    /// <summary>Confidence in [0, 1] (one definition, documented with the method that fills it).</summary>
    public required double Confidence { get; init; }

    public IReadOnlyList<Explanation> Explanations { get; init; } = [];
}

/// <summary>One cycle of a plan.</summary>
public sealed record PlannedCycle(int Cycle, string Regimen);

/// <summary>Toxicity risk of a plan.</summary>
/// <param name="SevereEventProbability">Probability of a severe toxicity event over the plan.</param>
/// <param name="CvarCost">CVaR of the episode toxicity cost at <paramref name="CvarAlpha"/>, over twin posterior samples.</param>
/// <param name="CvarAlpha">Tail level of <paramref name="CvarCost"/> (e.g. 0.9).</param>
public sealed record ToxicityRisk(double SevereEventProbability, double? CvarCost, double? CvarAlpha);

/// <summary>One feature's contribution to the recommendation, in clinical names and units.</summary>
public sealed record Explanation(string Feature, string DisplayName, double Contribution, string? Unit, string? Value);
