namespace DtSmdrl.Pipeline.Report;

/// <summary>The kinds of metrics.csv rows (reference rows, compared arms, DT-SMDRL ablations) and the order the report shows them in.</summary>
public static class StudyRows
{
    /// <summary>The no-treatment reference row (V_hold).</summary>
    public const string NoTreatment = "No treatment";

    /// <summary>The perfect-information reference row (V*).</summary>
    public const string PerfectInformation = "Perfect-information planner";

    /// <summary>The posterior-planning reference row.</summary>
    public const string TwinMpc = "Twin-MPC";

    /// <summary>The full DT-SMDRL arm.</summary>
    public const string DtSmdrl = "DT-SMDRL";

    /// <summary>The supervised comparator of paired.csv.</summary>
    public const string Supervised = "Supervised Model";

    /// <summary>The reference rows every study reports (metrics.md), in report order.</summary>
    public static IReadOnlyList<string> References { get; } = [NoTreatment, PerfectInformation, TwinMpc];

    /// <summary>The compared arms in report order.</summary>
    public static IReadOnlyList<string> Arms { get; } = ["Clinical Baseline", Supervised, "DRL", "Digital Twin + DRL", DtSmdrl];

    /// <summary>Whether a row is a variant of DT-SMDRL ("DT-SMDRL without shield", "DT-SMDRL with fusion twins") rather than a compared arm.</summary>
    public static bool IsAblation(string method) => method.StartsWith(DtSmdrl + " ", StringComparison.Ordinal);

    /// <summary>Whether a row is one of the reference rows.</summary>
    public static bool IsReference(string method) => References.Contains(method);

    /// <summary>"Reference", "Ablation" or "Arm": the report's visible row marker.</summary>
    public static string Kind(string method) => IsReference(method) ? "Reference" : IsAblation(method) ? "Ablation" : "Arm";

    /// <summary>
    /// Reference rows first, then the compared arms, each in report order; then other non-ablation rows and the
    /// ablations, each in file order. Rows missing from the input are simply absent (`--methods`).
    /// </summary>
    public static IReadOnlyList<T> Order<T>(IEnumerable<T> rows, Func<T, string> method)
    {
        var list = rows.ToList();
        int Rank(T row)
        {
            var name = method(row);
            var reference = References.ToList().IndexOf(name);
            if (reference >= 0) return reference;
            var arm = Arms.ToList().IndexOf(name);
            if (arm >= 0) return References.Count + arm;
            return References.Count + Arms.Count + (IsAblation(name) ? 1 : 0);
        }
        // OrderBy is stable, so rows of equal rank keep their file order.
        return list.OrderBy(Rank).ToList();
    }
}
