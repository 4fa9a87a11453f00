namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>One logged point of a training curve.</summary>
/// <param name="EnvSteps">Environment steps taken so far.</param>
/// <param name="Seconds">Wall-clock seconds since training started.</param>
/// <param name="Return">Training return logged at this point (e.g. mean episode return of the last rollout).</param>
/// <param name="Cost">Mean training episode cost (toxicity) over the same episodes as <paramref name="Return"/>.</param>
public sealed record TrainingCurvePoint(long EnvSteps, double Seconds, double Return, double Cost);

/// <summary>When a training curve converged, by <see cref="LearningCurves.Convergence"/>.</summary>
/// <param name="Reached">False when the smoothed curve never reached the target (the other position fields are then -1 / NaN).</param>
/// <param name="Index">Index of the first curve point whose smoothed return reached the target.</param>
/// <param name="EnvSteps">Environment steps at that point.</param>
/// <param name="Seconds">Wall-clock seconds at that point.</param>
/// <param name="Plateau">Final plateau: mean raw return over the last 10% of the points.</param>
/// <param name="Target">The level the smoothed return had to reach (95% of the plateau; see <see cref="LearningCurves.Convergence"/>).</param>
public sealed record ConvergenceResult(bool Reached, int Index, long EnvSteps, double Seconds, double Plateau, double Target);

/// <summary>
/// Learning metrics (metrics.md, "Learning metrics": convergence and adaptation speed).
/// <list type="bullet">
/// <item><b>Training curve</b> of a learned arm, per training seed: one <see cref="TrainingCurvePoint"/> per logged
/// training update whose rollout finished at least one episode: env steps so far (policy-update rollouts only; the
/// observation normaliser's warm-up is not counted, though its time is in the seconds), wall seconds since training started, mean training episode
/// return and mean training episode cost of that update's finished episodes. For DT-SMDRL's meta-training a point
/// is one Reptile outer step: its return and cost are the means over the step's inner loops' last updates, and its
/// env steps are the inner loops' steps so far.</item>
/// <item><b>Convergence</b> (<see cref="Convergence"/>): env steps and seconds until the smoothed return first
/// reaches 95% of the final plateau.</item>
/// <item><b>Plateaued</b> (<see cref="HasPlateaued"/>): whether the curve had flattened by the end of the budget;
/// a curve that has not plateaued may still be improving, so its arm is reported as under-trained at that budget.</item>
/// </list>
/// </summary>
public static class LearningCurves
{
    /// <summary>Share of the points in each of the two windows <see cref="HasPlateaued"/> compares (10%).</summary>
    public const double PlateauWindowFraction = 0.10;

    /// <summary>Standard errors the two windows' means may differ by and still count as flat (2, about a 95% band).</summary>
    public const double PlateauStandardErrors = 2.0;

    /// <summary>Share of the final plateau that counts as converged (metrics.md: 95%).</summary>
    public const double ConvergenceFraction = 0.95;

    /// <summary>Share of the oracle value an adapted policy must reach (metrics.md: 90%).</summary>
    public const double AdaptationFraction = 0.9;

    /// <summary>
    /// Convergence: env steps and wall-clock seconds until the smoothed training return first reaches 95% of its
    /// final plateau (metrics.md).
    /// <list type="bullet">
    /// <item>Plateau = mean of the raw returns of the last ceil(10% of the points) points (at least one).</item>
    /// <item>Smoothing = trailing moving average over the last w points, w = max(1, ceil(5% of the points)); it
    /// only looks back, so "first reaches" never uses returns logged later. The first w - 1 points average
    /// what is available.</item>
    /// <item>Target = 0.95 * plateau when the plateau is positive, plateau - 0.05 |plateau| otherwise (the same
    /// |.| reading metrics.md gives decision accuracy when J* &lt;= 0).</item>
    /// </list>
    /// Points must be in training order with non-decreasing env steps.
    /// </summary>
    public static ConvergenceResult Convergence(IReadOnlyList<TrainingCurvePoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count == 0)
            throw new ArgumentException("Convergence: the training curve is empty.", nameof(curve));
        for (var i = 0; i < curve.Count; i++)
        {
            if (!double.IsFinite(curve[i].Return))
                throw new ArgumentException($"Convergence: curve[{i}].Return = {curve[i].Return} is not finite.", nameof(curve));
            if (i > 0 && curve[i].EnvSteps < curve[i - 1].EnvSteps)
                throw new ArgumentException($"Convergence: curve[{i}].EnvSteps = {curve[i].EnvSteps} is below the previous point's {curve[i - 1].EnvSteps}.", nameof(curve));
        }

        var n = curve.Count;
        var tail = Math.Max(1, (int)Math.Ceiling(0.10 * n));
        var plateau = 0.0;
        for (var i = n - tail; i < n; i++) plateau += curve[i].Return;
        plateau /= tail;
        var target = plateau > 0.0
            ? ConvergenceFraction * plateau
            : plateau - (1.0 - ConvergenceFraction) * Math.Abs(plateau);

        var window = Math.Max(1, (int)Math.Ceiling(0.05 * n));
        var windowSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            windowSum += curve[i].Return;
            if (i >= window) windowSum -= curve[i - window].Return;
            var smoothed = windowSum / Math.Min(i + 1, window);
            if (smoothed >= target)
                return new ConvergenceResult(true, i, curve[i].EnvSteps, curve[i].Seconds, plateau, target);
        }
        return new ConvergenceResult(false, -1, -1, double.NaN, plateau, target);
    }

    /// <summary>
    /// Plateau test: the curve has flattened when the mean return of its last window of points is within
    /// <see cref="PlateauStandardErrors"/> standard errors of the mean of the window just before it. Window = ceil(10% of
    /// the points), at least 2 (so each window has a variance); the standard error of the difference is
    /// sqrt(s_last^2 / w + s_before^2 / w) with the windows' sample variances. Fewer than 4 points, or a difference
    /// larger than that band, is "not plateaued": a curve still rising (or falling) beyond its own noise at the end of
    /// the budget. A noisy curve passes more easily: the test says "no evidence of further change", not "converged".
    /// </summary>
    public static bool HasPlateaued(IReadOnlyList<TrainingCurvePoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var n = curve.Count;
        var window = Math.Max(2, (int)Math.Ceiling(PlateauWindowFraction * n));
        if (n < 2 * window) return false;
        var (lastMean, lastVariance) = MeanAndVariance(curve, n - window, window);
        var (beforeMean, beforeVariance) = MeanAndVariance(curve, n - 2 * window, window);
        var standardError = Math.Sqrt(lastVariance / window + beforeVariance / window);
        return Math.Abs(lastMean - beforeMean) <= PlateauStandardErrors * standardError;
    }

    private static (double Mean, double Variance) MeanAndVariance(IReadOnlyList<TrainingCurvePoint> curve, int start, int count)
    {
        var mean = 0.0;
        for (var i = start; i < start + count; i++)
        {
            if (!double.IsFinite(curve[i].Return))
                throw new ArgumentException($"Plateau test: curve[{i}].Return = {curve[i].Return} is not finite.", nameof(curve));
            mean += curve[i].Return;
        }
        mean /= count;
        var squares = 0.0;
        for (var i = start; i < start + count; i++) squares += (curve[i].Return - mean) * (curve[i].Return - mean);
        return (mean, squares / (count - 1));
    }

    /// <summary>
    /// Adaptation speed: the first update index u whose value on the true twin reaches 90% of the patient's oracle
    /// value (metrics.md), i.e. value[u] >= 0.9 J* when J* > 0, or value[u] >= J* - 0.1 |J*| when J* &lt;= 0.
    /// Entry u of <paramref name="valueAfterUpdates"/> is the value after u adaptation updates (entry 0 = before
    /// any update), so the result is the number of updates needed; null when never reached.
    /// </summary>
    public static int? AdaptationUpdates(IReadOnlyList<double> valueAfterUpdates, double oracleValue, double fraction = AdaptationFraction)
    {
        ArgumentNullException.ThrowIfNull(valueAfterUpdates);
        if (!double.IsFinite(oracleValue))
            throw new ArgumentException($"Adaptation speed: oracle value {oracleValue} is not finite.", nameof(oracleValue));
        if (!(fraction > 0.0 && fraction <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Adaptation fraction must be in (0, 1].");
        for (var u = 0; u < valueAfterUpdates.Count; u++)
        {
            if (!double.IsFinite(valueAfterUpdates[u]))
                throw new ArgumentException($"Adaptation speed: value after update {u} = {valueAfterUpdates[u]} is not finite.", nameof(valueAfterUpdates));
            if (Reaches(valueAfterUpdates[u], oracleValue, fraction)) return u;
        }
        return null;
    }

    // value >= fraction * J* for J* > 0, value >= J* - (1 - fraction) |J*| otherwise.
    private static bool Reaches(double value, double oracleValue, double fraction) =>
        value >= (oracleValue > 0.0 ? fraction * oracleValue : oracleValue - (1.0 - fraction) * Math.Abs(oracleValue));
}
