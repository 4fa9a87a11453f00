namespace DtSmdrl.Pipeline.Twin.Inference;

/// <summary>
/// Prediction of one treatment plan from posterior samples: per-cycle central intervals of the
/// true SLD and ANC and the plan-level probabilities.
/// </summary>
/// <param name="Plan">Action names, one per cycle.</param>
/// <param name="CycleEndDays">Day at the end of each cycle.</param>
/// <param name="SldMedian">Median true SLD at each cycle end, mm.</param>
/// <param name="SldLower">Lower bound of the central interval of the SLD.</param>
/// <param name="SldUpper">Upper bound of the central interval of the SLD.</param>
/// <param name="AncMedian">Median true ANC at each cycle end, 10^9/L.</param>
/// <param name="AncLower">Lower bound of the ANC interval.</param>
/// <param name="AncUpper">Upper bound of the ANC interval.</param>
/// <param name="ResponseProbability">Share of samples with best overall response CR or PR (observed scans).</param>
/// <param name="SevereToxicityProbability">Share of samples with a severe toxicity event.</param>
/// <param name="ProgressionOrDeathProbability">Share of samples with progression or death by the plan's end.</param>
/// <param name="MeanReward">Mean episode reward (J, quality-adjusted days).</param>
/// <param name="RewardLower">Lower bound of the episode reward interval.</param>
/// <param name="RewardUpper">Upper bound of the episode reward interval.</param>
/// <param name="Level">Coverage of the central intervals.</param>
public sealed record CounterfactualPrediction(
    IReadOnlyList<string> Plan,
    IReadOnlyList<int> CycleEndDays,
    IReadOnlyList<double> SldMedian,
    IReadOnlyList<double> SldLower,
    IReadOnlyList<double> SldUpper,
    IReadOnlyList<double> AncMedian,
    IReadOnlyList<double> AncLower,
    IReadOnlyList<double> AncUpper,
    double ResponseProbability,
    double SevereToxicityProbability,
    double ProgressionOrDeathProbability,
    double MeanReward,
    double RewardLower,
    double RewardUpper,
    double Level);
