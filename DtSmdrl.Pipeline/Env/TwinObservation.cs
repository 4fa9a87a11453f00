namespace DtSmdrl.Pipeline.Env;

/// <summary>
/// Layout of the per-cycle observation vector of the twin environments (what a policy sees; all
/// measured, never the latent state).
/// </summary>
public static class TwinObservation
{
    /// <summary>Latest observed SLD (last scan, with measurement noise), mm.</summary>
    public const int LatestSld = 0;
    /// <summary>Observed ANC at the start of the coming cycle, 10^9/L.</summary>
    public const int LatestAnc = 1;
    /// <summary>Index of the coming cycle (0 at reset).</summary>
    public const int CycleIndex = 2;
    /// <summary>Cumulative chemotherapy, full doses.</summary>
    public const int CumulativeChemotherapy = 3;
    /// <summary>Cumulative kinase inhibitor, full-dose cycles.</summary>
    public const int CumulativeTargeted = 4;
    /// <summary>Cumulative antibody given, full doses.</summary>
    public const int CumulativeImmunotherapy = 5;
    /// <summary>Worst CTCAE neutropenia grade of the last cycle (0-4).</summary>
    public const int NeutropeniaGrade = 6;
    /// <summary>1 while a grade >= 3 irAE is active (the antibody is then held), else 0.</summary>
    public const int IraeActive = 7;
    /// <summary>Observed baseline SLD, mm.</summary>
    public const int BaselineSld = 8;
    /// <summary>(latest SLD - baseline SLD) / baseline SLD.</summary>
    public const int SldChangeFromBaseline = 9;
    /// <summary>Days since the latest scan.</summary>
    public const int DaysSinceScan = 10;

    /// <summary>Length of the observation vector.</summary>
    public const int Size = 11;

    /// <summary>Names in index order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "latest_sld_mm", "latest_anc", "cycle_index", "cumulative_chemo", "cumulative_targeted", "cumulative_immuno",
        "neutropenia_grade", "irae_active", "baseline_sld_mm", "sld_change_from_baseline", "days_since_scan",
    ];
}
