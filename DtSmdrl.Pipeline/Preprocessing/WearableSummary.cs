namespace DtSmdrl.Pipeline.Preprocessing;

/// <summary>Summary of one wearable channel over the observation window.</summary>
/// <param name="Level">Rhythm-adjusted mean (MESOR) at the middle of the window, channel units.</param>
/// <param name="TrendPerDay">Linear trend, channel units per day.</param>
/// <param name="Variability">Standard deviation of the residuals around trend + 24-h rhythm.</param>
/// <param name="CircadianAmplitude">Amplitude of the fitted 24-h cosine (first harmonic), channel units.</param>
public readonly record struct ChannelSummary(double Level, double TrendPerDay, double Variability, double CircadianAmplitude)
{
    /// <summary>All four features missing (NaN): too few samples or a window too short to fit.</summary>
    public static ChannelSummary Missing { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN);
}

/// <summary>
/// Level, trend, variability and circadian amplitude of a wearable channel, by least squares on the
/// cosinor model with a linear trend: y(t) = m + b (t - t_mid) + c cos(2 pi t / 24) + s sin(2 pi t / 24),
/// t in hours. Level = m, trend = 24 b per day, amplitude = sqrt(c^2 + s^2), variability = residual
/// standard deviation (n - 4 degrees of freedom). NaN samples are skipped. The fit needs at least
/// <see cref="MinimumSamples"/> valid samples spanning at least <see cref="MinimumSpanHours"/> hours;
/// otherwise every feature is NaN, which the featuriser turns into missing indicators.
/// </summary>
public static class WearableSummary
{
    /// <summary>Fewest valid samples the four-parameter fit accepts.</summary>
    public const int MinimumSamples = 8;

    /// <summary>Shortest window that separates a 24-h rhythm from the trend.</summary>
    public const double MinimumSpanHours = 24.0;

    /// <summary>Features per channel, in this order: level, trend per day, variability, circadian amplitude.</summary>
    public const int FeaturesPerChannel = 4;

    /// <summary>Summarises one channel sampled at <paramref name="hours"/> (same length as <paramref name="values"/>).</summary>
    public static ChannelSummary Summarise(ReadOnlySpan<float> hours, ReadOnlySpan<float> values)
    {
        if (hours.Length != values.Length)
            throw new ArgumentException($"Wearable summary: {hours.Length} time stamps but {values.Length} values.");
        int n = 0;
        double tMin = double.PositiveInfinity, tMax = double.NegativeInfinity, tSum = 0;
        for (var i = 0; i < hours.Length; i++)
        {
            if (float.IsNaN(values[i]) || float.IsNaN(hours[i])) continue;
            n++;
            tSum += hours[i];
            tMin = Math.Min(tMin, hours[i]);
            tMax = Math.Max(tMax, hours[i]);
        }
        if (n < MinimumSamples || tMax - tMin < MinimumSpanHours) return ChannelSummary.Missing;
        var tMid = tSum / n;

        // Normal equations X'X beta = X'y of the 4-column design [1, t - t_mid, cos, sin].
        var xtx = new double[4, 4];
        var xty = new double[4];
        Span<double> x = stackalloc double[4];
        for (var i = 0; i < hours.Length; i++)
        {
            if (float.IsNaN(values[i]) || float.IsNaN(hours[i])) continue;
            Design(hours[i], tMid, x);
            for (var a = 0; a < 4; a++)
            {
                xty[a] += x[a] * values[i];
                for (var b = 0; b < 4; b++) xtx[a, b] += x[a] * x[b];
            }
        }
        if (!Solve(xtx, xty)) return ChannelSummary.Missing;

        double sse = 0;
        for (var i = 0; i < hours.Length; i++)
        {
            if (float.IsNaN(values[i]) || float.IsNaN(hours[i])) continue;
            Design(hours[i], tMid, x);
            var fitted = xty[0] * x[0] + xty[1] * x[1] + xty[2] * x[2] + xty[3] * x[3];
            sse += (values[i] - fitted) * (values[i] - fitted);
        }
        return new ChannelSummary(xty[0], 24.0 * xty[1], Math.Sqrt(sse / (n - 4)), Math.Sqrt(xty[2] * xty[2] + xty[3] * xty[3]));
    }

    private static void Design(double hour, double tMid, Span<double> x)
    {
        var phase = 2.0 * Math.PI * hour / 24.0;
        x[0] = 1.0;
        x[1] = hour - tMid;
        x[2] = Math.Cos(phase);
        x[3] = Math.Sin(phase);
    }

    /// <summary>Gaussian elimination with partial pivoting; the solution replaces <paramref name="b"/>. False when singular.</summary>
    private static bool Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (Math.Abs(a[pivot, col]) < 1e-9 * Math.Max(1.0, Math.Abs(a[0, 0]))) return false;
            if (pivot != col)
            {
                for (var c = 0; c < n; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            for (var r = col + 1; r < n; r++)
            {
                var f = a[r, col] / a[col, col];
                for (var c = col; c < n; c++) a[r, c] -= f * a[col, c];
                b[r] -= f * b[col];
            }
        }
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = b[r];
            for (var c = r + 1; c < n; c++) sum -= a[r, c] * b[c];
            b[r] = sum / a[r, r];
        }
        return true;
    }
}
