namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>Per-patient summary of a batched run, as the study metrics use it.</summary>
/// <param name="BestResponse">RECIST best overall response on the observed (noisy) scans.</param>
/// <param name="PfsDays">Progression-free survival time, days (event or censoring time).</param>
/// <param name="PfsEvent">True when <see cref="PfsDays"/> is a progression or death, false when censored.</param>
/// <param name="DeathDay">Day of death, or null.</param>
/// <param name="SevereToxicity">At least one severe toxicity event (grade 4 neutropenia, a grade >= 3 irAE or targeted-therapy event).</param>
/// <param name="EpisodeReward">Sum of the per-cycle rewards: J, quality-adjusted days (Q-TWiST).</param>
/// <param name="EpisodeCost">Sum of the per-cycle costs (weighted count of severe events).</param>
/// <param name="BaselineSld">Observed baseline SLD, mm.</param>
/// <param name="NadirSld">Smallest observed SLD, mm.</param>
public sealed record PatientOutcome(
    RecistResponse BestResponse,
    double PfsDays,
    bool PfsEvent,
    double? DeathDay,
    bool SevereToxicity,
    double EpisodeReward,
    double EpisodeCost,
    double BaselineSld,
    double NadirSld);
