namespace DtSmdrl.Host.Jobs;

/// <summary>The jobs the host knows, by the names configuration and `dtsmdrl jobs run NAME` use.</summary>
public static class JobNames
{
    public const string IngestOutcomes = "ingest-outcomes";
    public const string UpdateTwins = "update-twins";
    public const string RecommendBatch = "recommend-batch";
    public const string Retrain = "retrain";
    public const string Study = "study";

    public static IReadOnlyList<string> All { get; } = [IngestOutcomes, UpdateTwins, RecommendBatch, Retrain, Study];
}
