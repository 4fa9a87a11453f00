namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// RECIST 1.1 best overall response (metrics.md, "Clinical outcome metrics"):
/// CR = all target lesions gone; PR = SLD down at least 30% from baseline;
/// PD = SLD up at least 20% from the nadir and at least 5 mm absolute; SD otherwise.
/// </summary>
public enum RecistResponse
{
    /// <summary>Complete response: all target lesions gone.</summary>
    CR,

    /// <summary>Partial response: SLD at least 30% below baseline.</summary>
    PR,

    /// <summary>Stable disease: neither PR nor PD.</summary>
    SD,

    /// <summary>Progressive disease: SLD at least 20% and 5 mm above the nadir.</summary>
    PD,

    /// <summary>No evaluable assessment. Counted as a non-responder (intent-to-treat), never dropped.</summary>
    NotEvaluable,
}

/// <summary>Helpers on <see cref="RecistResponse"/>.</summary>
public static class RecistResponseExtensions
{
    /// <summary>True for an objective response (CR or PR), the event that ORR, precision and recall count.</summary>
    public static bool IsObjectiveResponse(this RecistResponse response) =>
        response is RecistResponse.CR or RecistResponse.PR;
}
