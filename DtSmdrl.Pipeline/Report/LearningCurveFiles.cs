using System.Globalization;
using System.Text;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Report;

/// <summary>One row of convergence.csv: an arm's convergence and plateau test for one training seed.</summary>
/// <param name="Method">Arm name.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Reached">Whether the smoothed return reached the target (<see cref="LearningCurves.Convergence"/>).</param>
/// <param name="EnvSteps">Env steps at convergence; NaN when not reached.</param>
/// <param name="Seconds">Wall seconds at convergence; NaN when not reached.</param>
/// <param name="Plateau">Mean return over the last 10% of points; NaN for an empty curve.</param>
/// <param name="Target">The convergence target; NaN for an empty curve.</param>
/// <param name="Plateaued">Whether the curve had flattened at the end of the budget (<see cref="LearningCurves.HasPlateaued"/>).</param>
public sealed record ConvergenceRow(string Method, int Seed, bool Reached, double EnvSteps, double Seconds, double Plateau, double Target, bool Plateaued);

/// <summary>
/// The study's learning-curve files:
/// <list type="table">
/// <item><term>learning_curves.csv</term><description>method,seed,env_steps,seconds,return,cost: one row per logged training point (<see cref="LearningCurves"/>)</description></item>
/// <item><term>convergence.csv</term><description>method,seed,reached,env_steps,seconds,plateau,target,plateaued: one row per arm and training seed; env_steps and seconds are empty when not reached</description></item>
/// </list>
/// Seconds are wall-clock and differ between runs; every other field is deterministic for the study's seed.
/// </summary>
public static class LearningCurveFiles
{
    public const string CurvesFile = "learning_curves.csv";
    public const string ConvergenceFile = "convergence.csv";
    public const string CurvesHeader = "method,seed,env_steps,seconds,return,cost";
    public const string ConvergenceHeader = "method,seed,reached,env_steps,seconds,plateau,target,plateaued";

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The convergence row of one recorded curve.</summary>
    public static ConvergenceRow Summarise(SeedCurve curve)
    {
        if (curve.Points.Count == 0)
            return new ConvergenceRow(curve.Method, curve.Seed, false, double.NaN, double.NaN, double.NaN, double.NaN, false);
        var c = LearningCurves.Convergence(curve.Points);
        return new ConvergenceRow(curve.Method, curve.Seed, c.Reached, c.Reached ? c.EnvSteps : double.NaN, c.Reached ? c.Seconds : double.NaN,
            c.Plateau, c.Target, LearningCurves.HasPlateaued(curve.Points));
    }

    /// <summary>Writes learning_curves.csv and convergence.csv into the study folder.</summary>
    public static void Write(string studyFolder, IReadOnlyList<SeedCurve> curves)
    {
        var utf8 = new UTF8Encoding(false);
        var lines = new StringBuilder(CurvesHeader).Append('\n');
        foreach (var curve in curves)
            foreach (var p in curve.Points)
                lines.Append(C, $"{Quote(curve.Method)},{curve.Seed},{p.EnvSteps},{F(p.Seconds)},{F(p.Return)},{F(p.Cost)}\n");
        File.WriteAllText(Path.Combine(studyFolder, CurvesFile), lines.ToString(), utf8);

        var rows = new StringBuilder(ConvergenceHeader).Append('\n');
        foreach (var r in curves.Select(Summarise))
            rows.Append(C, $"{Quote(r.Method)},{r.Seed},{B(r.Reached)},{F(r.EnvSteps)},{F(r.Seconds)},{F(r.Plateau)},{F(r.Target)},{B(r.Plateaued)}\n");
        File.WriteAllText(Path.Combine(studyFolder, ConvergenceFile), rows.ToString(), utf8);
    }

    /// <summary>Reads learning_curves.csv back as one curve per (method, seed), in file order.</summary>
    public static IReadOnlyList<SeedCurve> ReadCurves(string path)
    {
        var csv = StudyCsv.Read(path);
        var curves = new List<(string Method, int Seed, List<TrainingCurvePoint> Points)>();
        for (var r = 0; r < csv.Rows.Count; r++)
        {
            var method = csv.Text(r, "method");
            var seed = Integer(csv, r, "seed");
            if (curves.Count == 0 || curves[^1].Method != method || curves[^1].Seed != seed) curves.Add((method, seed, []));
            curves[^1].Points.Add(new TrainingCurvePoint(Long(csv, r, "env_steps"), csv.Number(r, "seconds"), csv.Number(r, "return"), csv.Number(r, "cost")));
        }
        return curves.Select(c => new SeedCurve(c.Method, c.Seed, c.Points)).ToList();
    }

    /// <summary>Reads convergence.csv back.</summary>
    public static IReadOnlyList<ConvergenceRow> ReadConvergence(string path)
    {
        var csv = StudyCsv.Read(path);
        return Enumerable.Range(0, csv.Rows.Count).Select(r => new ConvergenceRow(
            csv.Text(r, "method"), Integer(csv, r, "seed"), Boolean(csv, r, "reached"), csv.Number(r, "env_steps"), csv.Number(r, "seconds"),
            csv.Number(r, "plateau"), csv.Number(r, "target"), Boolean(csv, r, "plateaued"))).ToList();
    }

    private static int Integer(StudyCsv csv, int row, string column) => checked((int)Long(csv, row, column));

    private static long Long(StudyCsv csv, int row, string column)
    {
        var text = csv.Text(row, column);
        return long.TryParse(text, NumberStyles.Integer, C, out var v) ? v
            : throw new InvalidDataException($"{csv.Path}: record {row + 2}, field '{column}': '{text}' is not an integer.");
    }

    private static bool Boolean(StudyCsv csv, int row, string column) => csv.Text(row, column) switch
    {
        "true" => true,
        "false" => false,
        var text => throw new InvalidDataException($"{csv.Path}: record {row + 2}, field '{column}': '{text}' is not true or false."),
    };

    private static string F(double value) => double.IsFinite(value) ? value.ToString("R", C) : "";

    private static string B(bool value) => value ? "true" : "false";

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
