using System.Globalization;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>How one categorical covariate was turned into 0/1 columns.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Declared">True when named in --categorical, false when detected (no value is a number).</param>
/// <param name="Reference">Reference level: no column of its own (R's default, the first level).</param>
/// <param name="Levels">Levels after pooling, reference first, with their row counts.</param>
/// <param name="Columns">The 0/1 columns added, one per non-reference level, named "name=level".</param>
/// <param name="Pooled">Levels with fewer rows than the minimum, merged into "(other)".</param>
public sealed record CategoricalCovariate(
    string Name,
    bool Declared,
    string Reference,
    IReadOnlyList<KeyValuePair<string, int>> Levels,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> Pooled);

/// <summary>
/// Treatment (dummy) coding of a categorical covariate, as R's model.matrix does for a factor: one 0/1
/// column per level except the reference, the first level. Levels sort as numbers when every value is a
/// number and as text otherwise; a missing value is a level of its own, "(missing)", placed last; levels
/// with fewer rows than the minimum are pooled into "(other)", so no column rests on a handful of rows.
/// The coding uses the covariate alone (no treatment, no outcome), so fixing it on all rows before the
/// cross-fitting leaks nothing into the held-out folds.
/// </summary>
internal static class CategoricalEncoding
{
    public const string Missing = "(missing)";
    public const string Other = "(other)";

    /// <summary>Levels of <paramref name="values"/> (null = missing) and each row's level after pooling.</summary>
    public static (CategoricalCovariate Covariate, string[] Labels) Encode(string name, bool declared, IReadOnlyList<string?> values, int minimumCount)
    {
        var labels = values.Select(v => v ?? Missing).ToArray();
        var counts = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var rare = counts.Where(c => c.Value < minimumCount).Select(c => c.Key).ToArray();
        // Pooling a single rare level into "(other)" would only rename it; pool when there are two or more.
        var pooled = rare.Length >= 2 ? Order(rare).ToArray() : [];
        if (pooled.Length > 0)
        {
            var set = pooled.ToHashSet();
            for (var i = 0; i < labels.Length; i++) if (set.Contains(labels[i])) labels[i] = Other;
            counts = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        }
        var levels = Order(counts.Keys).ToArray();
        var reference = levels[0];
        var columns = levels.Skip(1).Select(l => $"{name}={l}").ToArray();
        var covariate = new CategoricalCovariate(name, declared, reference, levels.Select(l => new KeyValuePair<string, int>(l, counts[l])).ToArray(), columns, pooled);
        return (covariate, labels);
    }

    /// <summary>Numeric order when every ordinary level is a number, text order otherwise; "(other)" then "(missing)" last.</summary>
    public static IEnumerable<string> Order(IEnumerable<string> levels)
    {
        var list = levels.ToList();
        var ordinary = list.Where(l => l is not (Missing or Other)).ToList();
        var numeric = ordinary.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var sorted = numeric
            ? ordinary.OrderBy(l => double.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture)).ThenBy(l => l, StringComparer.Ordinal)
            : ordinary.OrderBy(l => l, StringComparer.Ordinal);
        foreach (var l in sorted) yield return l;
        if (list.Contains(Other)) yield return Other;
        if (list.Contains(Missing)) yield return Missing;
    }
}
