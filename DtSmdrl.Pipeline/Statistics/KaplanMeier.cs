namespace DtSmdrl.Pipeline.Statistics;

/// <summary>One step of a Kaplan-Meier curve: the survival just after <see cref="TimeDays"/>, with the counts behind it.</summary>
/// <param name="TimeDays">A distinct observed time (event or censoring), days; the first point is time 0.</param>
/// <param name="Survival">Estimated S(t) for t from this time until the next point.</param>
/// <param name="AtRisk">Patients still at risk just before this time (time >= this time).</param>
/// <param name="Events">Progressions or deaths at this time.</param>
/// <param name="Censored">Patients censored at this time.</param>
public sealed record KaplanMeierPoint(double TimeDays, double Survival, int AtRisk, int Events, int Censored);

/// <summary>
/// The project's one Kaplan-Meier product-limit estimator of right-censored times, with its median and restricted mean:
/// the study's progression-free survival (Evaluation/ProgressionFreeSurvival, metrics.md "Clinical outcome metrics"), the
/// twin's calibration against published medians (Twin/Calibration) and the report's curves. Units are the caller's.
/// </summary>
/// <remarks>
/// S(t) = product over event times t_i &lt;= t of (1 - d_i / n_i), with d_i events at t_i and n_i patients whose
/// time is >= t_i. A patient censored at the same time as an event is still at risk at that time
/// (events are taken to happen before censoring), the usual convention of R's survival package.
/// </remarks>
public static class KaplanMeier
{
    /// <summary>
    /// The Kaplan-Meier curve from parallel arrays of times (finite, >= 0) and event flags (false = censored): a point at
    /// time 0 with S = 1, then one point per distinct observed time (event or censoring) in increasing order. S is a
    /// right-continuous step function that holds each point's value until the next point.
    /// </summary>
    public static IReadOnlyList<KaplanMeierPoint> Curve(IReadOnlyList<double> timesDays, IReadOnlyList<bool> events)
    {
        ArgumentNullException.ThrowIfNull(timesDays);
        ArgumentNullException.ThrowIfNull(events);
        if (timesDays.Count != events.Count)
            throw new ArgumentException($"Kaplan-Meier: {timesDays.Count} times but {events.Count} event flags.");
        if (timesDays.Count == 0)
            throw new ArgumentException("Kaplan-Meier: no observations.", nameof(timesDays));
        for (var i = 0; i < timesDays.Count; i++)
            if (!(timesDays[i] >= 0.0) || double.IsInfinity(timesDays[i]))
                throw new ArgumentException($"Kaplan-Meier: time[{i}] = {timesDays[i]} must be a finite number >= 0.", nameof(timesDays));

        var order = Enumerable.Range(0, timesDays.Count).OrderBy(i => timesDays[i]).ToArray();
        var points = new List<KaplanMeierPoint> { new(0.0, 1.0, timesDays.Count, 0, 0) };
        var survival = 1.0;
        var atRisk = timesDays.Count;
        var next = 0;
        while (next < order.Length)
        {
            var time = timesDays[order[next]];
            int deaths = 0, censored = 0;
            while (next < order.Length && timesDays[order[next]] == time)
            {
                if (events[order[next]]) deaths++; else censored++;
                next++;
            }
            survival *= 1.0 - deaths / (double)atRisk;
            if (time == 0.0)
                points[0] = new KaplanMeierPoint(0.0, survival, atRisk, deaths, censored);
            else
                points.Add(new KaplanMeierPoint(time, survival, atRisk, deaths, censored));
            atRisk -= deaths + censored;
        }
        return points;
    }

    /// <summary>
    /// The median of a curve: the smallest time t with S(t) &lt;= 0.5, the standard definition. When S lands exactly on
    /// 0.5 this is the start of that step (R's survival package would report the midpoint to the next event time instead;
    /// both agree whenever S jumps past 0.5). NaN when the curve never falls to 0.5 ("not reached"); callers print that
    /// as n/a, never as the follow-up length.
    /// </summary>
    public static double MedianDays(IReadOnlyList<KaplanMeierPoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        foreach (var point in curve)
            if (point.Survival <= 0.5) return point.TimeDays;
        return double.NaN;
    }

    /// <summary>
    /// The restricted mean to <paramref name="horizonDays"/>: the area under the step function from 0 to the horizon. When the
    /// last observation comes before the horizon, S is held at its last value up to the horizon.
    /// </summary>
    public static double RestrictedMeanDays(IReadOnlyList<KaplanMeierPoint> curve, double horizonDays)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (!(horizonDays > 0.0) || double.IsInfinity(horizonDays))
            throw new ArgumentOutOfRangeException(nameof(horizonDays), horizonDays, "RMST horizon must be a positive finite number of days.");
        if (curve.Count == 0)
            throw new ArgumentException("Kaplan-Meier curve is empty.", nameof(curve));

        double area = 0;
        for (var i = 0; i < curve.Count; i++)
        {
            var start = curve[i].TimeDays;
            if (start >= horizonDays) break;
            var end = i + 1 < curve.Count ? Math.Min(curve[i + 1].TimeDays, horizonDays) : horizonDays;
            area += curve[i].Survival * (end - start);
        }
        return area;
    }

    /// <summary>The median of the sample's curve (<see cref="MedianDays(IReadOnlyList{KaplanMeierPoint})"/>); NaN for an empty sample.</summary>
    public static double Median(IReadOnlyList<double> times, IReadOnlyList<bool> events) =>
        times.Count == 0 && events.Count == 0 ? double.NaN : MedianDays(Curve(times, events));

    /// <summary>The restricted mean of the sample's curve to <paramref name="horizon"/> (<see cref="RestrictedMeanDays(IReadOnlyList{KaplanMeierPoint}, double)"/>).</summary>
    public static double RestrictedMean(IReadOnlyList<double> times, IReadOnlyList<bool> events, double horizon) =>
        RestrictedMeanDays(Curve(times, events), horizon);
}
