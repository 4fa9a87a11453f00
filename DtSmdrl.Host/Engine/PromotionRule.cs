namespace DtSmdrl.Host.Engine;

/// <summary>Promote a candidate only if its held-out Brier is at most the current model's plus the margin.</summary>
public static class PromotionRule
{
    public static (bool Promote, string Decision) Decide(HeldOutEvaluation candidate, int currentVersion, HeldOutEvaluation current, double margin)
    {
        var promote = candidate.Brier <= current.Brier + margin;
        return (promote, $"{(promote ? "promoted" : "not promoted")}: held-out Brier {candidate.Brier:F4} vs current v{currentVersion} " +
            $"{current.Brier:F4} (margin {margin:F4}, {candidate.Patients} held-out patients)");
    }
}
