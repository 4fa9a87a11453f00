namespace DtSmdrl.Pipeline.Planning;

/// <summary>What Twin-MPC chose at one decision point.</summary>
/// <param name="Blocks">Block actions of the chosen remaining plan (the first block is executed).</param>
/// <param name="MeanReward">Its mean reward over the counted samples, from the decision point to the end of follow-up.</param>
/// <param name="SevereProbability">Its share of samples with a severe event from the decision point on.</param>
/// <param name="ResponseProbability">Its share of samples with best overall response CR or PR.</param>
/// <param name="RemainingPlans">Plans still allowed at this point (chemotherapy cap included).</param>
/// <param name="Screened">Whether the choice went through the screen (otherwise every remaining plan was valued on all samples).</param>
/// <param name="SimulatedDays">Patient-days simulated for this choice (screen and refinement).</param>
/// <param name="FirstBlockSevereProbability">Its share of samples with a severe event in the coming block (the risk executing it spends).</param>
/// <param name="Limit">The limit <see cref="SevereProbability"/> was held to: the episode's limit less the risk already spent.</param>
public sealed record PlanChoice(
    int[] Blocks,
    double MeanReward,
    double SevereProbability,
    double ResponseProbability,
    int RemainingPlans,
    bool Screened,
    long SimulatedDays,
    double FirstBlockSevereProbability,
    double Limit)
{
    /// <summary>Action of the coming block.</summary>
    public int FirstAction => Blocks[0];
}
