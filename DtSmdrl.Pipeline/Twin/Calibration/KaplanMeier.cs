namespace DtSmdrl.Pipeline.Twin.Calibration;

/// <summary>Kaplan-Meier product-limit estimates for right-censored times.</summary>
public static class KaplanMeier
{
    /// <summary>
    /// Median survival: the smallest event time at which the estimated survival is at or below 0.5;
    /// NaN when the curve never reaches 0.5 ("not reached").
    /// </summary>
    public static double Median(IReadOnlyList<double> times, IReadOnlyList<bool> events) => Quantile(times, events, 0.5);

    /// <summary>The smallest event time at which survival is at or below <paramref name="survival"/>; NaN if never.</summary>
    public static double Quantile(IReadOnlyList<double> times, IReadOnlyList<bool> events, double survival)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(events);
        if (times.Count != events.Count)
        {
            throw new ArgumentException($"{times.Count} times but {events.Count} event flags.");
        }

        var order = Enumerable.Range(0, times.Count).OrderBy(i => times[i]).ToArray();
        var atRisk = times.Count;
        var s = 1.0;
        var k = 0;
        while (k < order.Length)
        {
            var t = times[order[k]];
            var deaths = 0;
            var leaving = 0;
            while (k < order.Length && times[order[k]] == t)
            {
                if (events[order[k]])
                {
                    deaths++;
                }

                leaving++;
                k++;
            }

            if (deaths > 0)
            {
                s *= 1.0 - (double)deaths / atRisk;
                if (s <= survival)
                {
                    return t;
                }
            }

            atRisk -= leaving;
        }

        return double.NaN;
    }

    /// <summary>Restricted mean survival time up to <paramref name="horizon"/> (area under the KM curve).</summary>
    public static double RestrictedMean(IReadOnlyList<double> times, IReadOnlyList<bool> events, double horizon)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(events);
        var order = Enumerable.Range(0, times.Count).OrderBy(i => times[i]).ToArray();
        var atRisk = times.Count;
        var s = 1.0;
        var last = 0.0;
        var area = 0.0;
        var k = 0;
        while (k < order.Length && times[order[k]] < horizon)
        {
            var t = times[order[k]];
            area += s * (t - last);
            last = t;
            var deaths = 0;
            var leaving = 0;
            while (k < order.Length && times[order[k]] == t)
            {
                deaths += events[order[k]] ? 1 : 0;
                leaving++;
                k++;
            }

            s *= 1.0 - (double)deaths / atRisk;
            atRisk -= leaving;
        }

        area += s * (horizon - last);
        return area;
    }
}
