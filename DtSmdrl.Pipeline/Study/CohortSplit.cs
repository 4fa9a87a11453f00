namespace DtSmdrl.Pipeline.Study;

/// <summary>Which part of the cohort a patient belongs to (metrics.md: split by patient, 60/20/20).</summary>
public enum CohortSplit
{
    Train,
    Validation,
    Test,
}
