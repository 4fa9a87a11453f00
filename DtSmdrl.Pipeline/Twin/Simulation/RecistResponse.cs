namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>RECIST 1.1 response categories, ordered from best to worst.</summary>
public enum RecistResponse
{
    /// <summary>Complete response: all target lesions gone.</summary>
    CompleteResponse = 0,
    /// <summary>Partial response: SLD at least 30% below baseline.</summary>
    PartialResponse = 1,
    /// <summary>Stable disease: neither PR nor PD.</summary>
    StableDisease = 2,
    /// <summary>Progressive disease: SLD at least 20% and 5 mm above the nadir.</summary>
    ProgressiveDisease = 3,
    /// <summary>No assessment after baseline.</summary>
    NotEvaluable = 4,
}
