using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>Which columns of a CSV file make up a treatment comparison.</summary>
/// <param name="TreatmentColumn">Column holding the arm.</param>
/// <param name="TreatedValue">Value of the treated arm in that column.</param>
/// <param name="ControlValue">Value of the control arm in that column.</param>
/// <param name="OutcomeColumn">Numeric outcome column (0/1 for a binary outcome); null for a time-to-event outcome.</param>
/// <param name="Covariates">Covariate columns to adjust for: numeric, or categorical (see <see cref="Categorical"/>).</param>
/// <param name="Filters">Keep only rows where each column equals its value (numbers compare numerically).</param>
public sealed record ObservationalCsvSpec(
    string TreatmentColumn,
    string TreatedValue,
    string ControlValue,
    string? OutcomeColumn,
    IReadOnlyList<string> Covariates,
    IReadOnlyList<KeyValuePair<string, string>> Filters)
{
    /// <summary>Covariates to treat as categorical even when their values are numbers (e.g. grade 1/2/3). A covariate none of whose values is a number is categorical anyway.</summary>
    public IReadOnlyList<string> Categorical { get; init; } = [];

    /// <summary>Follow-up time column of a time-to-event outcome (with <see cref="EventColumn"/>, instead of <see cref="OutcomeColumn"/>).</summary>
    public string? TimeColumn { get; init; }

    /// <summary>Event column: 1/0, TRUE/FALSE, or 2/1 as R's Surv reads it (2 = event, 1 = censored).</summary>
    public string? EventColumn { get; init; }

    /// <summary>Columns whose levels define subgroups for effect modification (need not be covariates).</summary>
    public IReadOnlyList<string> Modifiers { get; init; } = [];

    /// <summary>Levels of a categorical covariate with fewer rows than this are pooled into "(other)".</summary>
    public int MinimumLevelCount { get; init; } = 10;

    /// <summary>True when the outcome is a time to event.</summary>
    public bool IsTimeToEvent => TimeColumn is not null || EventColumn is not null;
}

/// <summary>Rows left out for one reason.</summary>
/// <param name="Reason">Why, e.g. "other arm", "missing outcome".</param>
/// <param name="Count">How many rows.</param>
/// <param name="Detail">The values behind the reason with their counts, when there are any (e.g. "'Lev' 315").</param>
public sealed record RejectedRows(string Reason, int Count, string? Detail);

/// <summary>The dataset read from a CSV file and an account of every row left out or changed.</summary>
/// <param name="Data">Rows of the two arms for a numeric outcome (null for a time-to-event outcome).</param>
/// <param name="Survival">Rows of the two arms for a time-to-event outcome (null otherwise).</param>
/// <param name="RowsRead">Data rows in the file.</param>
/// <param name="Rejected">Rows left out, by reason, in the order the reasons are checked.</param>
/// <param name="Imputed">Numeric covariates that had missing values: name, count and the mean imputed.</param>
/// <param name="Categorical">Categorical covariates and their coding.</param>
/// <param name="Modifiers">Effect-modifier levels of the analysed rows.</param>
/// <param name="Warnings">Things the analyst should know (pooled levels, detected categorical columns).</param>
public sealed record ObservationalCsvData(
    ObservationalDataset? Data,
    TimeToEventDataset? Survival,
    int RowsRead,
    IReadOnlyList<RejectedRows> Rejected,
    IReadOnlyList<ImputedCovariate> Imputed,
    IReadOnlyList<CategoricalCovariate> Categorical,
    IReadOnlyList<ModifierColumn> Modifiers,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Rows removed by the filters.</summary>
    public int FilteredOut => CountOf(CsvObservationalLoader.FilteredOut);

    /// <summary>Rows whose treatment is neither the treated nor the control value.</summary>
    public int OtherArm => CountOf(CsvObservationalLoader.OtherArm);

    /// <summary>Rows dropped for a missing treatment.</summary>
    public int MissingTreatment => CountOf(CsvObservationalLoader.MissingTreatment);

    /// <summary>Rows dropped for a missing outcome (or a missing time or event).</summary>
    public int MissingOutcome => CountOf(CsvObservationalLoader.MissingOutcome) + CountOf(CsvObservationalLoader.MissingTime) + CountOf(CsvObservationalLoader.MissingEvent);

    /// <summary>Rows analysed.</summary>
    public int Used => Data?.Count ?? Survival!.Count;

    /// <summary>Names of the model's covariate columns (after coding and imputation indicators).</summary>
    public IReadOnlyList<string> CovariateNames => Data?.CovariateNames ?? Survival!.CovariateNames;

    private int CountOf(string reason) => Rejected.Where(r => r.Reason == reason).Sum(r => r.Count);
}

/// <summary>A covariate with missing values: they were replaced by <paramref name="Mean"/> and the indicator column <paramref name="IndicatorName"/> (1 = was missing) was added.</summary>
public sealed record ImputedCovariate(string Name, int MissingCount, double Mean, string IndicatorName);

/// <summary>
/// Reads an <see cref="ObservationalDataset"/> or a <see cref="TimeToEventDataset"/> from a CSV file with a
/// header row, as R's write.csv writes one: quoted text, NA for a missing value, an unnamed first column
/// of row names (ignored). Missing values are empty fields, NA, NaN or null, quoted or not (as read.csv
/// reads them). Rows with a missing treatment, outcome, time or event, or a negative time, are dropped and
/// counted by reason. A missing numeric covariate is replaced by the mean of the analysed rows and a 0/1
/// indicator column "&lt;name&gt;_missing" is added (missing-indicator method; it keeps every row); a
/// categorical covariate gets a "(missing)" level instead (see <see cref="CategoricalEncoding"/>).
/// Bad input throws <see cref="FormatException"/> with one line naming the file, line, column and values.
/// </summary>
public static class CsvObservationalLoader
{
    public const string FilteredOut = "filtered out";
    public const string OtherArm = "other arm";
    public const string MissingTreatment = "missing treatment";
    public const string MissingOutcome = "missing outcome";
    public const string MissingTime = "missing time";
    public const string MissingEvent = "missing event";
    public const string NegativeTime = "negative time";

    private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase) { "", "NA", "NaN", "null" };

    /// <summary>Numeric modifiers with more distinct values than this are split at their median.</summary>
    private const int MaxModifierLevels = 10;

    private sealed record RawRow(int Row, int Line, bool Treated, string Outcome, string? EventText, string?[] Covariates, string?[] Modifiers);

    /// <summary>Loads the two arms named in <paramref name="spec"/>; throws <see cref="FormatException"/> naming file, line and column on bad input.</summary>
    public static ObservationalCsvData Load(string path, ObservationalCsvSpec spec)
    {
        CheckSpec(spec);
        if (Directory.Exists(path)) throw new FormatException($"{path}: is a folder, not a CSV file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: data file not found.", path);

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
            BadDataFound = args => throw new FormatException($"{path}: line {args.Context.Parser?.RawRow}: malformed quoting in field '{args.Field}'."),
        };
        using var csv = new CsvReader(reader, configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header || header.All(h => h.Length == 0))
            throw new FormatException($"{path}: empty file, no header row.");
        if (header.Any(h => h.Contains('\0')))
            throw new FormatException($"{path}: line 1: the header holds NUL characters; the file looks like UTF-16 without a byte-order mark; save it as UTF-8.");
        var duplicate = header.Where(h => h.Length > 0).GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"{path}: line 1: column '{duplicate.Key}' appears {duplicate.Count()} times in the header.");

        int Column(string name, string role)
        {
            var index = Array.IndexOf(header, name);
            if (index < 0) throw new FormatException($"{path}: line 1: {role} column '{name}' not found; columns are {string.Join(", ", header.Where(h => h.Length > 0))}.");
            return index;
        }
        var treatment = Column(spec.TreatmentColumn, "treatment");
        var outcomeColumn = spec.IsTimeToEvent ? Column(spec.TimeColumn!, "time") : Column(spec.OutcomeColumn!, "outcome");
        var eventColumn = spec.IsTimeToEvent ? Column(spec.EventColumn!, "event") : -1;
        var covariates = spec.Covariates.Select(c => Column(c, "covariate")).ToArray();
        var modifiers = spec.Modifiers.Select(c => Column(c, "modifier")).ToArray();
        var filters = spec.Filters.Select(f => (Index: Column(f.Key, "filter"), f.Key, f.Value)).ToArray();
        var outcomeName = spec.IsTimeToEvent ? spec.TimeColumn! : spec.OutcomeColumn!;

        var rowsRead = 0;
        var rejected = new Dictionary<string, int>();
        var otherArms = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var seenTreatments = new SortedSet<string>(StringComparer.Ordinal);
        var rows = new List<RawRow>();
        void Reject(string reason) => rejected[reason] = rejected.GetValueOrDefault(reason) + 1;
        string? Field(int index)
        {
            var text = csv.GetField(index) ?? "";
            return MissingTokens.Contains(text) ? null : text;
        }
        while (csv.Read())
        {
            rowsRead++;
            var line = csv.Parser.RawRow;
            if (csv.Parser.Count != header.Length)
                throw new FormatException($"{path}: line {line} (data row {rowsRead}) has {csv.Parser.Count} fields, the header has {header.Length}.");
            if (filters.Any(f => !SameValue(csv.GetField(f.Index) ?? "", f.Value))) { Reject(FilteredOut); continue; }
            var arm = Field(treatment);
            if (arm is null) { Reject(MissingTreatment); continue; }
            seenTreatments.Add(arm);
            if (arm != spec.TreatedValue && arm != spec.ControlValue)
            {
                Reject(OtherArm);
                otherArms[arm] = otherArms.GetValueOrDefault(arm) + 1;
                continue;
            }
            var y = Field(outcomeColumn);
            if (y is null) { Reject(spec.IsTimeToEvent ? MissingTime : MissingOutcome); continue; }
            string? eventText = null;
            if (spec.IsTimeToEvent)
            {
                eventText = Field(eventColumn);
                if (eventText is null) { Reject(MissingEvent); continue; }
            }
            rows.Add(new RawRow(rowsRead, line, arm == spec.TreatedValue, y, eventText,
                covariates.Select(Field).ToArray(), modifiers.Select(Field).ToArray()));
        }

        if (rowsRead == 0) throw new FormatException($"{path}: the header is the only line; no data rows.");
        foreach (var value in new[] { spec.TreatedValue, spec.ControlValue })
        {
            if (!seenTreatments.Contains(value))
                throw new FormatException($"{path}: treatment value '{value}' does not occur in column '{spec.TreatmentColumn}'{(filters.Length > 0 ? " after filtering" : "")}; values present: {string.Join(", ", seenTreatments.Select(v => $"'{v}'"))}.");
        }

        var outcome = ParseColumn(path, outcomeName, rows.Select(r => (r.Outcome, r.Row, r.Line)).ToArray());
        bool[]? events = null;
        if (spec.IsTimeToEvent)
        {
            events = ParseEvents(path, spec.EventColumn!, rows);
            var negative = Enumerable.Range(0, rows.Count).Where(i => outcome[i] < 0).ToHashSet();
            if (negative.Count > 0)
            {
                rejected[NegativeTime] = negative.Count;
                var keep = Enumerable.Range(0, rows.Count).Where(i => !negative.Contains(i)).ToArray();
                rows = keep.Select(i => rows[i]).ToList();
                outcome = keep.Select(i => outcome[i]).ToArray();
                events = keep.Select(i => events[i]).ToArray();
            }
        }
        if (rows.Count == 0)
            throw new FormatException($"{path}: no rows left to analyse after leaving out {string.Join(", ", rejected.Select(r => $"{r.Value} {r.Key}"))}.");

        var warnings = new List<string>();
        var (names, matrix, imputed, categorical) = EncodeCovariates(path, spec, rows, warnings);
        var modifierColumns = spec.Modifiers.Select((name, m) => Modifier(name, rows.Select(r => r.Modifiers[m]).ToArray())).ToArray();
        var treated = rows.Select(r => r.Treated).ToArray();

        var order = new[] { FilteredOut, OtherArm, MissingTreatment, MissingOutcome, MissingTime, MissingEvent, NegativeTime };
        var rejectedRows = order.Where(rejected.ContainsKey).Select(reason => new RejectedRows(reason, rejected[reason],
            reason == OtherArm ? string.Join(", ", otherArms.Select(a => $"'{a.Key}' {a.Value}")) : null)).ToArray();
        ObservationalDataset? data = spec.IsTimeToEvent ? null : new ObservationalDataset(names, matrix, treated, outcome);
        TimeToEventDataset? survival = spec.IsTimeToEvent ? new TimeToEventDataset(names, matrix, treated, outcome, events!) : null;
        return new ObservationalCsvData(data, survival, rowsRead, rejectedRows, imputed, categorical, modifierColumns, warnings);
    }

    private static void CheckSpec(ObservationalCsvSpec spec)
    {
        if (spec.Covariates.Count == 0) throw new ArgumentException("At least one covariate column is needed.");
        if (spec.TreatedValue == spec.ControlValue) throw new ArgumentException($"Treated and control values are both '{spec.TreatedValue}'.");
        if (spec.IsTimeToEvent && (spec.TimeColumn is null || spec.EventColumn is null))
            throw new ArgumentException("A time-to-event outcome needs both a time column and an event column.");
        if (spec.IsTimeToEvent == (spec.OutcomeColumn is not null))
            throw new ArgumentException("Give either an outcome column or a time and an event column, not both and not neither.");
        if (spec.MinimumLevelCount < 1) throw new ArgumentException($"The minimum level count must be at least 1, got {spec.MinimumLevelCount}.");
        foreach (var name in spec.Categorical)
            if (!spec.Covariates.Contains(name)) throw new ArgumentException($"Categorical column '{name}' is not one of the covariates ({string.Join(", ", spec.Covariates)}).");
        var repeated = spec.Covariates.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"Covariate '{repeated.Key}' is named twice.");
    }

    /// <summary>Parses a numeric column; every value that is not a finite number is named, with the line it first appears on.</summary>
    private static double[] ParseColumn(string path, string column, IReadOnlyList<(string Text, int Row, int Line)> cells)
    {
        var values = new double[cells.Count];
        var bad = new List<(string Text, int Row, int Line)>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (TryNumber(cells[i].Text, out values[i])) continue;
            if (bad.All(b => b.Text != cells[i].Text)) bad.Add(cells[i]);
        }
        if (bad.Count == 1)
            throw new FormatException($"{path}: data row {bad[0].Row} (line {bad[0].Line}), column '{column}': '{bad[0].Text}' is not a number.");
        if (bad.Count > 1)
            throw new FormatException($"{path}: column '{column}' has values that are not numbers: {string.Join(", ", bad.Take(8).Select(b => $"'{b.Text}' (first at line {b.Line})"))}{(bad.Count > 8 ? $" and {bad.Count - 8} more" : "")}.");
        return values;
    }

    /// <summary>Event indicator as R's Surv reads it: 1/0, TRUE/FALSE, or 2/1 (2 = event) when no value is 0.</summary>
    private static bool[] ParseEvents(string path, string column, IReadOnlyList<RawRow> rows)
    {
        var texts = rows.Select(r => r.EventText!).ToArray();
        var distinct = texts.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        bool IsLogical(string t) => t.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || t.Equals("FALSE", StringComparison.OrdinalIgnoreCase);
        if (distinct.All(IsLogical)) return texts.Select(t => t.Equals("TRUE", StringComparison.OrdinalIgnoreCase)).ToArray();
        var numbers = texts.Select(t => TryNumber(t, out var v) ? v : double.NaN).ToArray();
        var values = numbers.Where(double.IsFinite).Distinct().ToArray();
        var oneTwo = !values.Contains(0) && values.All(v => v is 1 or 2);
        var allowed = oneTwo ? new[] { 1.0, 2.0 } : [0.0, 1.0];
        var unexpected = Enumerable.Range(0, rows.Count).Where(i => !allowed.Contains(numbers[i])).ToArray();
        if (unexpected.Length > 0)
        {
            var named = unexpected.GroupBy(i => texts[i]).Take(8).Select(g => $"'{g.Key}' ({g.Count()} rows, first at line {rows[g.First()].Line})");
            throw new FormatException($"{path}: column '{column}': event values must be 1/0, TRUE/FALSE or 2/1 (2 = event); found {string.Join(", ", named)}.");
        }
        return numbers.Select(v => v == (oneTwo ? 2 : 1)).ToArray();
    }

    private static (List<string> Names, double[][] Matrix, List<ImputedCovariate> Imputed, List<CategoricalCovariate> Categorical) EncodeCovariates(
        string path, ObservationalCsvSpec spec, List<RawRow> rows, List<string> warnings)
    {
        var n = rows.Count;
        var names = new List<string>();
        var columns = new List<double[]>();
        var indicators = new List<(string Name, double[] Values)>();
        var imputed = new List<ImputedCovariate>();
        var categorical = new List<CategoricalCovariate>();
        for (var j = 0; j < spec.Covariates.Count; j++)
        {
            var name = spec.Covariates[j];
            var raw = rows.Select(r => r.Covariates[j]).ToArray();
            var declared = spec.Categorical.Contains(name);
            var numeric = raw.Select(v => v is not null && TryNumber(v, out _)).ToArray();
            var present = raw.Count(v => v is not null);
            var numberCount = numeric.Count(b => b);
            if (declared || (present > 0 && numberCount == 0))
            {
                var (covariate, labels) = CategoricalEncoding.Encode(name, declared, raw, spec.MinimumLevelCount);
                categorical.Add(covariate);
                if (!declared) warnings.Add($"covariate '{name}' has no numeric values and was coded as categorical (reference level '{covariate.Reference}').");
                if (covariate.Pooled.Count > 0)
                    warnings.Add($"covariate '{name}': levels {string.Join(", ", covariate.Pooled.Select(l => $"'{l}'"))} have fewer than {spec.MinimumLevelCount} rows each and were pooled into '{CategoricalEncoding.Other}'.");
                foreach (var rare in covariate.Levels.Where(l => l.Value < spec.MinimumLevelCount && l.Key != CategoricalEncoding.Other && !covariate.Pooled.Contains(l.Key)))
                    warnings.Add($"covariate '{name}': level '{rare.Key}' has only {rare.Value} rows (the only rare level, so not pooled).");
                if (covariate.Columns.Count == 0) warnings.Add($"covariate '{name}' has a single level, '{covariate.Reference}', and adds no column.");
                var levels = covariate.Levels.Select(l => l.Key).ToArray();
                for (var k = 1; k < levels.Length; k++)
                {
                    names.Add(covariate.Columns[k - 1]);
                    columns.Add(labels.Select(l => l == levels[k] ? 1.0 : 0.0).ToArray());
                }
                continue;
            }
            if (numberCount < present)
            {
                var i = Enumerable.Range(0, n).First(i => raw[i] is not null && !numeric[i]);
                throw new FormatException($"{path}: data row {rows[i].Row} (line {rows[i].Line}), column '{name}': '{raw[i]}' is not a number (the column has numbers too; name it in --categorical to code it as categorical).");
            }
            if (present == 0) throw new FormatException($"{path}: covariate '{name}' is missing in every analysed row.");
            var values = raw.Select(v => v is null ? double.NaN : Number(v)).ToArray();
            var mean = values.Where(double.IsFinite).Average();
            names.Add(name);
            columns.Add(values.Select(v => double.IsFinite(v) ? v : mean).ToArray());
            if (present < n)
            {
                var indicator = name + "_missing";
                indicators.Add((indicator, values.Select(v => double.IsFinite(v) ? 0.0 : 1.0).ToArray()));
                imputed.Add(new ImputedCovariate(name, n - present, mean, indicator));
            }
        }
        foreach (var (name, values) in indicators)
        {
            names.Add(name);
            columns.Add(values);
        }
        var matrix = Enumerable.Range(0, n).Select(i => columns.Select(c => c[i]).ToArray()).ToArray();
        return (names, matrix, imputed, categorical);
    }

    /// <summary>Subgroup labels: the values themselves, or "&lt;= median" / "&gt; median" for a numeric column with many values.</summary>
    private static ModifierColumn Modifier(string name, string?[] raw)
    {
        var present = raw.Where(v => v is not null).Select(v => v!).ToArray();
        var numeric = present.Length > 0 && present.All(v => TryNumber(v, out _));
        string[] labels;
        if (numeric && present.Distinct().Count() > MaxModifierLevels)
        {
            var median = CausalStatistics.Quantile(present.Select(Number).ToArray(), 0.5);
            var cut = median.ToString("0.####", CultureInfo.InvariantCulture);
            labels = raw.Select(v => v is null ? CategoricalEncoding.Missing : Number(v) <= median ? $"<= {cut}" : $"> {cut}").ToArray();
            var levels = new[] { $"<= {cut}", $"> {cut}", CategoricalEncoding.Missing }.Where(labels.Contains).ToArray();
            return new ModifierColumn(name, labels, levels);
        }
        labels = raw.Select(v => v ?? CategoricalEncoding.Missing).ToArray();
        return new ModifierColumn(name, labels, CategoricalEncoding.Order(labels.Distinct()).ToArray());
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool SameValue(string field, string wanted)
    {
        if (field == wanted) return true;
        return double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(wanted, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            && a == b;
    }
}
