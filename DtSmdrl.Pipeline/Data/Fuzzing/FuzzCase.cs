namespace DtSmdrl.Pipeline.Data.Fuzzing;

/// <summary>The four loaders a fuzz case is written for.</summary>
public enum FuzzTarget
{
    PatientJsonl,
    PatientCsv,
    OutcomeJsonl,
    OutcomeCsv,
}

/// <summary>One generated input file: which loader reads it, its bytes, and the mutations applied (for a failure report).</summary>
public sealed record FuzzCase(long Index, FuzzTarget Target, byte[] Content, IReadOnlyList<string> Mutations)
{
    /// <summary>The file extension the loader expects.</summary>
    public string Extension => Target is FuzzTarget.PatientCsv or FuzzTarget.OutcomeCsv ? ".csv" : ".jsonl";
}
