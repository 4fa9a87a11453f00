using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Study;

/// <summary>What happened to one test patient under one method on the true twin.</summary>
/// <param name="PatientId">The patient's id.</param>
/// <param name="Actions">Action index per cycle as executed.</param>
/// <param name="Value">J: the twin's reward summed over the episode, follow-up included.</param>
/// <param name="Cost">Episode toxicity cost.</param>
/// <param name="SevereToxicity">At least one severe toxicity event.</param>
/// <param name="BestResponse">RECIST best overall response on the observed scans.</param>
/// <param name="PfsDays">PFS time (event or censoring), days.</param>
/// <param name="PfsEvent">Progression or death observed before the end of follow-up.</param>
/// <param name="BaselineSldMm">Observed baseline SLD.</param>
/// <param name="NadirSldMm">Smallest observed SLD.</param>
/// <param name="CostPerCycle">Toxicity cost per decision cycle (follow-up added to the last).</param>
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
    double[] CostPerCycle);
