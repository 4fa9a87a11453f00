namespace DtSmdrl.Pipeline.Data.Validation;

/// <summary>Shared checks of the semantic rules, each returning a reason or null.</summary>
internal static class FieldRules
{
    /// <summary>ANC is reported in 10^9/L; a count in cells/uL is 1000 times larger.</summary>
    public static string? Anc(double? anc) => anc > 100
        ? $"{anc} is not a plausible ANC in 10^9/L (expected 0-100); was it given in cells/uL? Divide by 1000."
        : null;

    public static IEnumerable<(string, string)> Labs(string prefix, Records.LabPanel? labs)
    {
        if (labs is null) yield break;
        if (FieldRules.Anc(labs.Anc10e9PerL) is { } reason) yield return ($"{prefix}.anc_10e9_per_l", reason);
        if (labs.Platelets10e9PerL > 2000)
            yield return ($"{prefix}.platelets_10e9_per_l", $"{labs.Platelets10e9PerL} is not plausible in 10^9/L (expected 0-2000); was it given per uL?");
        if (labs.HemoglobinGPerDl > 25)
            yield return ($"{prefix}.hemoglobin_g_per_dl", $"{labs.HemoglobinGPerDl} is not plausible in g/dL (expected 0-25); was it given in g/L? Divide by 10.");
    }

    /// <summary>Earliest plausible clinical timestamp (UTC).</summary>
    public static readonly DateTimeOffset EarliestTime = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Latest plausible clinical timestamp (UTC): later values are sentinels such as 9999-12-31, not dates.</summary>
    public static readonly DateTimeOffset LatestTime = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A timestamp outside 1900-01-01 to 2100-01-01 (UTC) is a placeholder or a typo, not a clinical time.</summary>
    public static IEnumerable<(string, string)> Time(string field, DateTimeOffset? time)
    {
        if (time is { } t && (t < EarliestTime || t >= LatestTime))
            yield return (field, $"{t:O} is outside the plausible range {EarliestTime:yyyy-MM-dd} to {LatestTime:yyyy-MM-dd} (UTC); a placeholder date?");
    }

    public static IEnumerable<(string, string)> Diameters(string field, IReadOnlyList<double>? diameters)
    {
        if (diameters is null) yield break;
        for (var i = 0; i < diameters.Count; i++)
            if (!(diameters[i] >= 0) || !double.IsFinite(diameters[i]))
                yield return ($"{field}[{i}]", $"diameter {diameters[i]} mm must be a finite number >= 0");
    }
}
