namespace DtSmdrl.Pipeline.Fusion.Evaluation;

/// <summary>Held-out AUC and Brier score of one binary head for one regimen (test patients whose outcome under it was observed).</summary>
public sealed record FusionHeadScore(string Model, string Condition, string Head, string Regimen, int Patients, int Positives, double Auc, double Brier);

/// <summary>Error of one prior for one twin latent z on the test patients: mean |mean − true z| and mean CRPS (z units).</summary>
public sealed record FusionLatentScore(string Prior, string Condition, string Latent, int Patients, double MeanAbsZError, double Crps);

/// <summary>Mean sample CRPS of one prior for one twin quantity (log scale) on the test patients, from drawn twins.</summary>
public sealed record FusionParameterScore(string Prior, string Parameter, int Patients, double Crps);

/// <summary>Training and inference cost of one fusion model.</summary>
public sealed record FusionTiming(string Model, int EpochsRun, int BestEpoch, double SecondsPerEpoch, int InferencePatients, double PatientsPerSecond, int McPasses, double McPatientsPerSecond);

/// <summary>Everything <see cref="FusionEvaluation.Run"/> measured.</summary>
public sealed record FusionEvaluationReport(
    int TrainPatients,
    int ValidationPatients,
    int TestPatients,
    IReadOnlyList<string> Regimens,
    IReadOnlyList<FusionHeadScore> Heads,
    IReadOnlyList<FusionLatentScore> Latents,
    IReadOnlyList<FusionParameterScore> Parameters,
    IReadOnlyList<FusionTiming> Timings,
    double LightGbmTrainingSeconds)
{
    public const string AllModalities = "all";
    public const string Removed = "removed";
}
