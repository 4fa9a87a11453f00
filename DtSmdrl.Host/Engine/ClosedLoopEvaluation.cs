using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Host.Engine;

/// <summary>Twin prediction error after a number of cycles of outcome feedback.</summary>
/// <param name="Cycles">Cycles of outcome observations the posterior was conditioned on (0 = baseline only).</param>
/// <param name="MeanAbsoluteError">Mean |predicted - true| SLD at the target scan, mm.</param>
/// <param name="RootMeanSquareError">Root mean square error, mm.</param>
/// <param name="MedianAbsoluteError">Median absolute error, mm.</param>
/// <param name="Coverage">Share of patients whose true SLD lies in the posterior's 90% predictive interval.</param>
/// <param name="Patients">Patients evaluated.</param>
public sealed record ClosedLoopRow(int Cycles, double MeanAbsoluteError, double RootMeanSquareError, double MedianAbsoluteError, double Coverage, int Patients);

/// <summary>
/// Measures the closed loop on synthetic patients: each patient's retrospective course (simulated on its TRUE
/// twin) arrives cycle by cycle; after 0, 1, …, K cycles the twin posterior is recomputed from the prior and the
/// observations so far (the update-twins job's <see cref="TwinUpdater"/>), and it predicts the true (noise-free)
/// SLD at the scan after cycle K + 1 under the treatment actually given. The error should fall as outcomes arrive.
/// Patients alive through cycle K + 1 are used; each patient is independent and seeded, so the table does not
/// depend on the thread count.
/// </summary>
public static class ClosedLoopEvaluation
{
    public static IReadOnlyList<ClosedLoopRow> Run(int patients, int seed, int maxCycles, TwinUpdateOptions twin, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCycles, 1);
        var horizon = maxCycles + 1;
        // Enough candidates that deaths and early stops before the target scan leave `patients` to evaluate.
        var generator = new SyntheticCohortGenerator(new CohortOptions { Size = patients * 2, Seed = seed, RetrospectiveCycles = horizon });
        var chosen = generator.Generate()
            .Where(p => p.Retrospective.Any(o => o.Cycle == horizon && !o.Died) && p.Retrospective.All(o => !o.Died))
            .Take(patients).ToList();
        var updater = new TwinUpdater(twin);
        var errors = new double[chosen.Count, maxCycles + 1];
        var covered = new bool[chosen.Count, maxCycles + 1];
        Parallel.For(0, chosen.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var patient = chosen[i];
            var actions = patient.Retrospective.Where(o => o.Cycle >= 1 && o.Cycle <= horizon).OrderBy(o => o.Cycle)
                .Select(o => ActionSet.NsclcDefault.IndexOf(o.TreatmentGiven)).ToArray();
            var truth = SldAfter([patient.Truth.Parameters], actions)[0];
            for (var k = 0; k <= maxCycles; k++)
            {
                var observed = patient.Retrospective.Where(o => o.Cycle <= k).ToList();
                var (posterior, _) = updater.Update(patient.Observed, observed);
                var parameters = posterior.Particles.Select(p => TwinUpdater.Prior.ToParameters(posterior.Covariates, p)).ToArray();
                var predicted = SldAfter(parameters, actions);
                var weights = posterior.Weights();
                var mean = predicted.Select((v, j) => v * weights[j]).Sum();
                errors[i, k] = mean - truth;
                var lower = Pipeline.Twin.Inference.TwinPosterior.WeightedQuantile(predicted, weights, 0.05);
                var upper = Pipeline.Twin.Inference.TwinPosterior.WeightedQuantile(predicted, weights, 0.95);
                covered[i, k] = truth >= lower && truth <= upper;
            }
        });
        return Enumerable.Range(0, maxCycles + 1).Select(k =>
        {
            var absolute = Enumerable.Range(0, chosen.Count).Select(i => Math.Abs(errors[i, k])).Order().ToArray();
            return new ClosedLoopRow(k, absolute.Average(), Math.Sqrt(absolute.Average(e => e * e)),
                absolute.Length % 2 == 1 ? absolute[absolute.Length / 2] : 0.5 * (absolute[absolute.Length / 2 - 1] + absolute[absolute.Length / 2]),
                Enumerable.Range(0, chosen.Count).Average(i => covered[i, k] ? 1.0 : 0.0), chosen.Count);
        }).ToList();
    }

    /// <summary>Noise-free true SLD after the given actions (no death, no irAE: the quantity a scan measures).</summary>
    private static double[] SldAfter(NsclcParameters[] parameters, int[] actions)
    {
        var simulator = new NsclcBatchSimulator(parameters.Length, new NsclcSimulationOptions { DeathEnabled = false, IraeEnabled = false, TargetedEventsEnabled = false });
        simulator.Reset(parameters, new ulong[parameters.Length]);
        var buffer = new int[parameters.Length];
        foreach (var action in actions)
        {
            Array.Fill(buffer, action);
            simulator.Advance(buffer);
        }
        return Enumerable.Range(0, parameters.Length).Select(simulator.TrueSld).ToArray();
    }

    /// <summary>The table as Markdown.</summary>
    public static string Markdown(IReadOnlyList<ClosedLoopRow> rows)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"| cycles of feedback | mean abs error (mm) | RMSE (mm) | median abs error (mm) | 90% interval coverage | patients |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
        };
        lines.AddRange(rows.Select(r => string.Create(c,
            $"| {r.Cycles} | {r.MeanAbsoluteError:F2} | {r.RootMeanSquareError:F2} | {r.MedianAbsoluteError:F2} | {r.Coverage:P0} | {r.Patients} |")));
        return string.Join("\n", lines);
    }
}
