namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>
/// Outcome of one regimen on a cohort of virtual patients (one row of the benchmark table). Reward is the
/// model's undiscounted total over the course; a patient who dies gets -60 for that month and nothing after.
/// </summary>
/// <param name="Regimen">Regimen name ("ppo (greedy)", "dose 0.3", ...).</param>
/// <param name="Patients">Patients evaluated.</param>
/// <param name="MeanReward">Mean total reward per patient.</param>
/// <param name="RewardCiLow">Lower end of the 95% normal interval of <paramref name="MeanReward"/>.</param>
/// <param name="RewardCiHigh">Upper end of the 95% normal interval of <paramref name="MeanReward"/>.</param>
/// <param name="Survival">Share of patients alive after the last month.</param>
/// <param name="MeanMonthsSurvived">Mean months completed alive (the horizon for survivors; k for a death in month k + 1).</param>
/// <param name="MeanFinalW">Mean W at the end of the course (at death for patients who died).</param>
/// <param name="MeanFinalM">Mean M at the end of the course (at death for patients who died).</param>
/// <param name="Rewards">Total reward per patient, in cohort order (for paired comparisons).</param>
/// <param name="Survived">Survival per patient, in cohort order.</param>
public sealed record ZhaoRegimenResult(
    string Regimen,
    int Patients,
    double MeanReward,
    double RewardCiLow,
    double RewardCiHigh,
    double Survival,
    double MeanMonthsSurvived,
    double MeanFinalW,
    double MeanFinalM,
    IReadOnlyList<double> Rewards,
    IReadOnlyList<bool> Survived);
