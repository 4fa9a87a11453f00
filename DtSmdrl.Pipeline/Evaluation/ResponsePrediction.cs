namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Precision and recall of the stated response probability as a responder classifier
/// (metrics.md, "Decision-quality metrics": predicted responder = p >= 0.5, truth = CR or PR on the true twin).
/// </summary>
/// <remarks>
/// Patients whose method stated no probability (NaN) are left out. A ratio with a zero denominator
/// (no predicted responders for precision, no true responders for recall) is undefined: NaN,
/// reported as n/a, never as 0 or 1.
/// </remarks>
public static class ResponsePrediction
{
    /// <summary>The probability at or above which a patient is a predicted responder.</summary>
    public const double ResponderThreshold = 0.5;

    /// <summary>Confusion counts over the patients with a stated probability.</summary>
    public sealed record Counts(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives);

    /// <summary>Counts predicted responders (p >= 0.5) against true responders (CR/PR), skipping patients with p = NaN.</summary>
    public static Counts Confusion(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(Confusion));
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var o in outcomes)
        {
            if (double.IsNaN(o.StatedResponseProbability)) continue;
            var predicted = o.StatedResponseProbability >= ResponderThreshold;
            var actual = o.BestOverallResponse.IsObjectiveResponse();
            if (predicted && actual) tp++;
            else if (predicted) fp++;
            else if (actual) fn++;
            else tn++;
        }
        return new Counts(tp, fp, fn, tn);
    }

    /// <summary>Precision = TP / (TP + FP); NaN when nobody is a predicted responder.</summary>
    public static double Precision(IReadOnlyList<PatientOutcome> outcomes)
    {
        var c = Confusion(outcomes);
        var predicted = c.TruePositives + c.FalsePositives;
        return predicted == 0 ? double.NaN : c.TruePositives / (double)predicted;
    }

    /// <summary>Recall = TP / (TP + FN); NaN when no patient with a stated probability is a true responder.</summary>
    public static double Recall(IReadOnlyList<PatientOutcome> outcomes)
    {
        var c = Confusion(outcomes);
        var actual = c.TruePositives + c.FalseNegatives;
        return actual == 0 ? double.NaN : c.TruePositives / (double)actual;
    }
}
