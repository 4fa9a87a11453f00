using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Study;

/// <summary>What happened to one patient in one episode (one replicate of the dice) under one policy.</summary>
/// <param name="PatientId">The patient's id.</param>
/// <param name="Actions">Action index per cycle as executed (-1 after the episode ended).</param>
/// <param name="Value">The twin's reward summed over the episode, follow-up included.</param>
/// <param name="Cost">Episode toxicity cost.</param>
/// <param name="SevereToxicity">At least one severe toxicity event.</param>
/// <param name="BestResponse">RECIST best overall response on the observed scans.</param>
/// <param name="PfsDays">PFS time (event or censoring), days.</param>
/// <param name="PfsEvent">Progression or death observed before the end of follow-up.</param>
/// <param name="BaselineSldMm">Observed baseline SLD.</param>
/// <param name="NadirSldMm">Smallest observed SLD.</param>
/// <param name="CostPerCycle">Toxicity cost per decision cycle (follow-up added to the last).</param>
/// <param name="Replicate">Index of the dice replicate (0 for a single episode).</param>
/// <param name="ToxicityDays">Days alive with a grade >= 3 toxicity (the simulator's Q-TWiST counter at episode end).</param>
/// <param name="TwistDays">Days alive without toxicity before progression.</param>
/// <param name="RelapseDays">Days alive without toxicity after observed progression.</param>
public sealed record EpisodeRecord(
    string PatientId,
    int[] Actions,
    double Value,
    double Cost,
    bool SevereToxicity,
    RecistResponse BestResponse,
    double PfsDays,
    bool PfsEvent,
    double BaselineSldMm,
    double NadirSldMm,
    double[] CostPerCycle,
    int Replicate,
    double ToxicityDays,
    double TwistDays,
    double RelapseDays)
{
    /// <summary>The three Q-TWiST day counts.</summary>
    public QtwistDays Days => new(ToxicityDays, TwistDays, RelapseDays);
}
