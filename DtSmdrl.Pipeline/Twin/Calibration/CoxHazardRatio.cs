namespace DtSmdrl.Pipeline.Twin.Calibration;

/// <summary>
/// Hazard ratio of a two-arm comparison from a Cox proportional-hazards model with one binary
/// covariate (arm), fitted by Newton-Raphson on Efron's partial likelihood, which handles the many
/// ties that a 6-weekly scan grid produces.
/// </summary>
public static class CoxHazardRatio
{
    /// <summary>Hazard ratio of the treatment arm relative to the control arm (times and event flags per patient).</summary>
    public static double Estimate(
        IReadOnlyList<double> treatmentTimes, IReadOnlyList<bool> treatmentEvents,
        IReadOnlyList<double> controlTimes, IReadOnlyList<bool> controlEvents)
    {
        ArgumentNullException.ThrowIfNull(treatmentTimes);
        ArgumentNullException.ThrowIfNull(treatmentEvents);
        ArgumentNullException.ThrowIfNull(controlTimes);
        ArgumentNullException.ThrowIfNull(controlEvents);
        var n = treatmentTimes.Count + controlTimes.Count;
        var time = new double[n];
        var evt = new bool[n];
        var x = new double[n];
        for (var i = 0; i < treatmentTimes.Count; i++)
        {
            (time[i], evt[i], x[i]) = (treatmentTimes[i], treatmentEvents[i], 1.0);
        }

        for (var i = 0; i < controlTimes.Count; i++)
        {
            var j = treatmentTimes.Count + i;
            (time[j], evt[j], x[j]) = (controlTimes[i], controlEvents[i], 0.0);
        }

        // Distinct event times, each with: events (d), events in the treatment arm, and the risk set
        // split by arm (risk sets shrink as time increases).
        var order = Enumerable.Range(0, n).OrderBy(i => time[i]).ToArray();
        var groups = new List<(int Deaths, int TreatedDeaths, int AtRisk1, int AtRisk0)>();
        int atRisk1 = (int)x.Sum(), atRisk0 = n - atRisk1;
        for (var k = 0; k < n;)
        {
            var t = time[order[k]];
            int deaths = 0, treatedDeaths = 0, leaving1 = 0, leaving0 = 0;
            for (; k < n && time[order[k]] == t; k++)
            {
                var i = order[k];
                if (evt[i])
                {
                    deaths++;
                    treatedDeaths += x[i] > 0 ? 1 : 0;
                }

                if (x[i] > 0)
                {
                    leaving1++;
                }
                else
                {
                    leaving0++;
                }
            }

            if (deaths > 0)
            {
                groups.Add((deaths, treatedDeaths, atRisk1, atRisk0));
            }

            atRisk1 -= leaving1;
            atRisk0 -= leaving0;
        }

        var beta = 0.0;
        for (var iteration = 0; iteration < 50; iteration++)
        {
            double gradient = 0, information = 0;
            var r = Math.Exp(beta);
            foreach (var (deaths, treatedDeaths, n1, n0) in groups)
            {
                // Efron: the tied events' share of the risk set is removed in steps l/d.
                var tiedTreated = treatedDeaths;
                var tiedControl = deaths - treatedDeaths;
                gradient += treatedDeaths;
                for (var l = 0; l < deaths; l++)
                {
                    var f = (double)l / deaths;
                    var s1 = r * (n1 - f * tiedTreated);
                    var s0 = n0 - f * tiedControl;
                    var s = s1 + s0;
                    var mean = s1 / s;
                    gradient -= mean;
                    information += mean * (1 - mean);
                }
            }

            if (information <= 0)
            {
                return double.NaN;
            }

            var stepSize = gradient / information;
            beta += Math.Clamp(stepSize, -2, 2);
            if (Math.Abs(stepSize) < 1e-10)
            {
                break;
            }
        }

        return Math.Exp(beta);
    }
}
