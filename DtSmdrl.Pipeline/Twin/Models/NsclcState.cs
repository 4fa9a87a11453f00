namespace DtSmdrl.Pipeline.Twin.Models;

/// <summary>
/// Indices of the NSCLC twin's state vector (length <see cref="Count"/>). Units: volumes mm^3,
/// chemotherapy uM, kinase inhibitor and antibody mg/L, neutrophil compartments 10^9/L.
/// </summary>
public static class NsclcState
{
    /// <summary>S: drug-sensitive proliferating cells, mm^3.</summary>
    public const int S = 0;
    /// <summary>R: resistant proliferating cells, mm^3.</summary>
    public const int R = 1;
    /// <summary>X1: first damaged transit compartment, mm^3.</summary>
    public const int X1 = 2;
    /// <summary>X2: second damaged transit compartment, mm^3.</summary>
    public const int X2 = 3;
    /// <summary>X3: third damaged transit compartment, mm^3.</summary>
    public const int X3 = 4;
    /// <summary>Cc: chemotherapy plasma concentration, uM.</summary>
    public const int Cc = 5;
    /// <summary>Ct: kinase-inhibitor plasma concentration, mg/L.</summary>
    public const int Ct = 6;
    /// <summary>Ab: antibody serum concentration, mg/L.</summary>
    public const int Ab = 7;
    /// <summary>Ia: delayed immune activation (0..1), follows antibody occupancy with time constant tau_I.</summary>
    public const int Ia = 8;
    /// <summary>Prol: proliferating neutrophil precursors, 10^9/L.</summary>
    public const int Prol = 9;
    /// <summary>T1: first maturation transit compartment.</summary>
    public const int T1 = 10;
    /// <summary>T2: second maturation transit compartment.</summary>
    public const int T2 = 11;
    /// <summary>T3: third maturation transit compartment.</summary>
    public const int T3 = 12;
    /// <summary>Circ: circulating neutrophils (ANC), 10^9/L.</summary>
    public const int Circ = 13;
    /// <summary>H: cumulative death hazard since day 0 (dimensionless).</summary>
    public const int H = 14;
    /// <summary>Irae: 1 while a grade >= 3 immune-related adverse event is active, else 0 (set by events).</summary>
    public const int Irae = 15;
    /// <summary>MinCirc: lowest ANC since the start of the current cycle (kept by the step hook).</summary>
    public const int MinCirc = 16;

    /// <summary>IraeCount: number of grade >= 3 irAE onsets so far (set by events).</summary>
    public const int IraeCount = 17;

    /// <summary>Tkae: 1 while a grade >= 3 targeted-therapy event (EGFR TKI rash, diarrhoea, ILD) is active, else 0 (set by events).</summary>
    public const int Tkae = 18;

    /// <summary>TkaeCount: number of grade >= 3 targeted-therapy event onsets so far (set by events).</summary>
    public const int TkaeCount = 19;

    /// <summary>ToxicToday: 1 once a grade >= 3 toxicity was present at a solver step of the current day (kept by the step hook).</summary>
    public const int ToxicToday = 20;

    /// <summary>ToxicityDays: whole days closed with a grade >= 3 toxicity (Q-TWiST TOX, see <c>NsclcDynamics.EndDay</c>).</summary>
    public const int ToxicityDays = 21;

    /// <summary>WellDays: whole days closed without grade >= 3 toxicity (TWiST plus REL; the split needs observed scans).</summary>
    public const int WellDays = 22;

    /// <summary>Length of the state vector.</summary>
    public const int Count = 23;

    /// <summary>State names in index order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["S", "R", "X1", "X2", "X3", "Cc", "Ct", "Ab", "Ia", "Prol", "T1", "T2", "T3", "Circ", "H", "Irae", "MinCirc", "IraeCount", "Tkae", "TkaeCount", "ToxicToday", "ToxicityDays", "WellDays"];
}
