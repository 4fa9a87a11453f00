using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>Which columns of a CSV file make up a treatment comparison.</summary>
/// <param name="TreatmentColumn">Column holding the arm.</param>
/// <param name="TreatedValue">Value of the treated arm in that column.</param>
/// <param name="ControlValue">Value of the control arm in that column.</param>
/// <param name="OutcomeColumn">Numeric outcome column (0/1 for a binary outcome).</param>
/// <param name="Covariates">Numeric covariate columns to adjust for.</param>
/// <param name="Filters">Keep only rows where each column equals its value (numbers compare numerically).</param>
public sealed record ObservationalCsvSpec(
    string TreatmentColumn,
    string TreatedValue,
    string ControlValue,
    string OutcomeColumn,
    IReadOnlyList<string> Covariates,
    IReadOnlyList<KeyValuePair<string, string>> Filters);

/// <summary>The dataset read from a CSV file and an account of every row left out or changed.</summary>
/// <param name="Data">Rows of the two arms, covariates imputed, indicator columns appended.</param>
/// <param name="RowsRead">Data rows in the file.</param>
/// <param name="FilteredOut">Rows removed by the filters.</param>
/// <param name="OtherArm">Rows whose treatment is neither the treated nor the control value.</param>
/// <param name="MissingTreatment">Rows dropped for a missing treatment.</param>
/// <param name="MissingOutcome">Rows dropped for a missing outcome.</param>
/// <param name="Imputed">Covariates that had missing values: name, count and the mean imputed.</param>
public sealed record ObservationalCsvData(
    ObservationalDataset Data,
    int RowsRead,
    int FilteredOut,
    int OtherArm,
    int MissingTreatment,
    int MissingOutcome,
    IReadOnlyList<ImputedCovariate> Imputed);

/// <summary>A covariate with missing values: they were replaced by <paramref name="Mean"/> and the indicator column <paramref name="IndicatorName"/> (1 = was missing) was added.</summary>
public sealed record ImputedCovariate(string Name, int MissingCount, double Mean, string IndicatorName);

/// <summary>
/// Reads an <see cref="ObservationalDataset"/> from a CSV file with a header row.
/// Missing values are empty fields, NA, NaN or null. Rows with a missing treatment or outcome are
/// dropped and counted. A missing covariate is replaced by the mean of the analysed rows and a 0/1
/// indicator column "&lt;name&gt;_missing" is added, so the models can tell imputed from observed
/// values (missing-indicator method; unbiased for the effect when missingness depends on observed data
/// only through the covariates themselves, and it keeps every row).
/// </summary>
public static class CsvObservationalLoader
{
    private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase) { "", "NA", "NaN", "null" };

    /// <summary>Loads the two arms named in <paramref name="spec"/>; throws <see cref="FormatException"/> naming file, row and column on bad input.</summary>
    public static ObservationalCsvData Load(string path, ObservationalCsvSpec spec)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: data file not found.", path);
        if (spec.Covariates.Count == 0) throw new ArgumentException("At least one covariate column is needed.");
        if (spec.TreatedValue == spec.ControlValue) throw new ArgumentException($"Treated and control values are both '{spec.TreatedValue}'.");

        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
            throw new FormatException($"{path}: no header row.");
        var header = csv.HeaderRecord;
        int Column(string name, string role)
        {
            var index = Array.IndexOf(header, name);
            if (index < 0) throw new FormatException($"{path}: {role} column '{name}' not found; columns are {string.Join(", ", header)}.");
            return index;
        }
        var treatment = Column(spec.TreatmentColumn, "treatment");
        var outcomeColumn = Column(spec.OutcomeColumn, "outcome");
        var covariates = spec.Covariates.Select(c => Column(c, "covariate")).ToArray();
        var filters = spec.Filters.Select(f => (Index: Column(f.Key, "filter"), f.Key, f.Value)).ToArray();

        int rowsRead = 0, filteredOut = 0, otherArm = 0, missingTreatment = 0, missingOutcome = 0;
        var seenTreatments = new SortedSet<string>(StringComparer.Ordinal);
        var rows = new List<(int Row, bool Treated, double Outcome, double?[] X)>();
        while (csv.Read())
        {
            rowsRead++;
            var row = rowsRead;
            var line = csv.Parser.RawRow;
            if (filters.Any(f => !SameValue(csv.GetField(f.Index) ?? "", f.Value))) { filteredOut++; continue; }
            var arm = csv.GetField(treatment) ?? "";
            if (MissingTokens.Contains(arm)) { missingTreatment++; continue; }
            seenTreatments.Add(arm);
            if (arm != spec.TreatedValue && arm != spec.ControlValue) { otherArm++; continue; }
            var y = csv.GetField(outcomeColumn) ?? "";
            if (MissingTokens.Contains(y)) { missingOutcome++; continue; }
            var outcome = ParseNumber(path, y, row, line, spec.OutcomeColumn);
            var x = new double?[covariates.Length];
            for (var j = 0; j < covariates.Length; j++)
            {
                var field = csv.GetField(covariates[j]) ?? "";
                x[j] = MissingTokens.Contains(field) ? null : ParseNumber(path, field, row, line, spec.Covariates[j]);
            }
            rows.Add((row, arm == spec.TreatedValue, outcome, x));
        }

        foreach (var value in new[] { spec.TreatedValue, spec.ControlValue })
        {
            if (!seenTreatments.Contains(value))
                throw new FormatException($"{path}: treatment value '{value}' does not occur in column '{spec.TreatmentColumn}'{(filters.Length > 0 ? " after filtering" : "")}; values present: {string.Join(", ", seenTreatments.Select(v => $"'{v}'"))}.");
        }

        var names = new List<string>(spec.Covariates);
        var imputed = new List<ImputedCovariate>();
        var means = new double[covariates.Length];
        for (var j = 0; j < covariates.Length; j++)
        {
            var observed = rows.Where(r => r.X[j].HasValue).Select(r => r.X[j]!.Value).ToArray();
            if (observed.Length == 0) throw new FormatException($"{path}: covariate '{spec.Covariates[j]}' is missing in every analysed row.");
            means[j] = observed.Average();
            if (observed.Length < rows.Count)
            {
                var indicator = spec.Covariates[j] + "_missing";
                names.Add(indicator);
                imputed.Add(new ImputedCovariate(spec.Covariates[j], rows.Count - observed.Length, means[j], indicator));
            }
        }
        var imputedIndex = imputed.Select(m => spec.Covariates.ToList().IndexOf(m.Name)).ToArray();
        var matrix = rows.Select(r =>
        {
            var values = new double[names.Count];
            for (var j = 0; j < covariates.Length; j++) values[j] = r.X[j] ?? means[j];
            for (var m = 0; m < imputedIndex.Length; m++) values[covariates.Length + m] = r.X[imputedIndex[m]].HasValue ? 0 : 1;
            return values;
        }).ToArray();
        var data = new ObservationalDataset(names, matrix, rows.Select(r => r.Treated).ToArray(), rows.Select(r => r.Outcome).ToArray());
        return new ObservationalCsvData(data, rowsRead, filteredOut, otherArm, missingTreatment, missingOutcome, imputed);
    }

    private static double ParseNumber(string path, string text, int row, int line, string column)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        throw new FormatException($"{path}: data row {row} (line {line}), column '{column}': '{text}' is not a number.");
    }

    private static bool SameValue(string field, string wanted)
    {
        if (field == wanted) return true;
        return double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(wanted, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            && a == b;
    }
}
