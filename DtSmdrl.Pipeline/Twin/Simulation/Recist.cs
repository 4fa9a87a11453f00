namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// RECIST 1.1 on sums of longest diameters (metrics.md): CR = all target lesions gone (SLD 0);
/// PD = SLD up >= 20% from the nadir (smallest SLD so far, baseline included) and >= 5 mm absolute;
/// PR = SLD down >= 30% from baseline; SD otherwise. PD takes precedence over PR. New lesions are not
/// modelled. Best overall response is the best assessment before the first PD (unconfirmed).
/// </summary>
public static class Recist
{
    /// <summary>Relative increase from the nadir that defines PD.</summary>
    public const double ProgressionFraction = 0.20;

    /// <summary>Absolute increase from the nadir that PD also needs, mm.</summary>
    public const double ProgressionAbsoluteMm = 5.0;

    /// <summary>Relative decrease from baseline that defines PR.</summary>
    public const double ResponseFraction = 0.30;

    /// <summary>Classifies one assessment.</summary>
    /// <param name="baselineSld">SLD at baseline, mm.</param>
    /// <param name="nadirSld">Smallest SLD before this assessment (baseline included), mm.</param>
    /// <param name="currentSld">SLD at this assessment, mm.</param>
    public static RecistResponse Classify(double baselineSld, double nadirSld, double currentSld)
    {
        if (!double.IsFinite(baselineSld) || baselineSld < 0 || !double.IsFinite(nadirSld) || nadirSld < 0 || !double.IsFinite(currentSld) || currentSld < 0)
        {
            throw new ArgumentException($"RECIST needs finite, non-negative SLDs (baseline {baselineSld}, nadir {nadirSld}, current {currentSld}).");
        }

        if (currentSld <= 0)
        {
            return RecistResponse.CompleteResponse;
        }

        if (currentSld >= (1.0 + ProgressionFraction) * nadirSld && currentSld - nadirSld >= ProgressionAbsoluteMm)
        {
            return RecistResponse.ProgressiveDisease;
        }

        if (currentSld <= (1.0 - ResponseFraction) * baselineSld)
        {
            return RecistResponse.PartialResponse;
        }

        return RecistResponse.StableDisease;
    }

    /// <summary>The better of two responses (CR &lt; PR &lt; SD &lt; PD &lt; not evaluable).</summary>
    public static RecistResponse Best(RecistResponse a, RecistResponse b) => (int)a <= (int)b ? a : b;

    /// <summary>True for CR or PR (counts towards the objective response rate).</summary>
    public static bool IsObjectiveResponse(RecistResponse response) =>
        response is RecistResponse.CompleteResponse or RecistResponse.PartialResponse;

    /// <summary>Per-assessment classification of a series whose first element is the baseline.</summary>
    public static RecistResponse[] ClassifySeries(IReadOnlyList<double> sldSeries)
    {
        ArgumentNullException.ThrowIfNull(sldSeries);
        if (sldSeries.Count == 0)
        {
            throw new ArgumentException("An SLD series needs at least the baseline.", nameof(sldSeries));
        }

        var result = new RecistResponse[sldSeries.Count - 1];
        var baseline = sldSeries[0];
        var nadir = baseline;
        for (var i = 1; i < sldSeries.Count; i++)
        {
            result[i - 1] = Classify(baseline, nadir, sldSeries[i]);
            nadir = Math.Min(nadir, sldSeries[i]);
        }

        return result;
    }

    /// <summary>Best overall response of a series (baseline first): the best assessment up to and including the first PD.</summary>
    public static RecistResponse BestOverallResponse(IReadOnlyList<double> sldSeries)
    {
        var best = RecistResponse.NotEvaluable;
        foreach (var response in ClassifySeries(sldSeries))
        {
            best = Best(best, response);
            if (response == RecistResponse.ProgressiveDisease)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>
    /// Progression-free survival on a scan grid: the first scan day showing PD, or the death day if
    /// earlier; censored at <paramref name="censorDay"/> (end of follow-up, as metrics.md defines) otherwise.
    /// </summary>
    /// <param name="scanDays">Days of the assessments after baseline, increasing.</param>
    /// <param name="baselineSld">Baseline SLD, mm.</param>
    /// <param name="scanSlds">SLD at each scan day.</param>
    /// <param name="deathDay">Day of death, or null when alive.</param>
    /// <param name="censorDay">End of follow-up, days.</param>
    /// <returns>The PFS time in days and whether it is an event (false = censored).</returns>
    public static (double Days, bool Event) ProgressionFreeSurvival(
        IReadOnlyList<double> scanDays, double baselineSld, IReadOnlyList<double> scanSlds, double? deathDay, double censorDay)
    {
        ArgumentNullException.ThrowIfNull(scanDays);
        ArgumentNullException.ThrowIfNull(scanSlds);
        if (scanDays.Count != scanSlds.Count)
        {
            throw new ArgumentException($"{scanDays.Count} scan days but {scanSlds.Count} SLD values.");
        }

        var nadir = baselineSld;
        for (var i = 0; i < scanDays.Count; i++)
        {
            var day = scanDays[i];
            if (day > censorDay || (deathDay is { } died && died <= day))
            {
                break;
            }

            if (Classify(baselineSld, nadir, scanSlds[i]) == RecistResponse.ProgressiveDisease)
            {
                return (day, true);
            }

            nadir = Math.Min(nadir, scanSlds[i]);
        }

        if (deathDay is { } death && death <= censorDay)
        {
            return (death, true);
        }

        return (censorDay, false);
    }
}
