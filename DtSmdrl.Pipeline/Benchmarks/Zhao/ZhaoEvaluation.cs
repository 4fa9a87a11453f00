namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>
/// Runs a regimen on a fixed cohort of virtual patients. Every regimen evaluated on the same cohort sees the same
/// patients (W0, M0) and the same monthly death uniforms (common random numbers), so differences between rows are
/// differences between regimens, not between draws.
/// </summary>
public static class ZhaoEvaluation
{
    /// <summary>Treats every patient of <paramref name="patients"/> for <paramref name="horizon"/> months with <paramref name="regimen"/>.</summary>
    public static ZhaoRegimenResult Run(string name, IReadOnlyList<ZhaoPatient> patients, ZhaoRegimen regimen, int horizon = ZhaoVectorEnv.PublishedHorizon)
    {
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(regimen);
        if (patients.Count == 0)
            throw new ArgumentException("The evaluation cohort is empty.", nameof(patients));
        var n = patients.Count;
        var env = new ZhaoVectorEnv(n, horizon);
        var obs = new float[n * env.ObservationSize];
        var mask = new bool[n * env.ActionCount];
        var actions = new int[n];
        var rewards = new float[n];
        var costs = new float[n];
        var dones = new bool[n];
        env.ResetPatients(patients.ToArray(), obs, mask);

        var totals = new double[n];
        var survived = new bool[n];
        var months = new int[n];
        var finalW = new double[n];
        var finalM = new double[n];
        var finished = new bool[n];
        for (var month = 0; month < horizon; month++)
        {
            regimen(obs, mask, actions);
            env.Step(actions, obs, rewards, costs, dones, mask);
            for (var i = 0; i < n; i++)
            {
                if (finished[i])
                    continue;
                totals[i] += rewards[i];
                if (!dones[i])
                    continue;
                finished[i] = true;
                survived[i] = !env.LastDied[i];
                months[i] = env.LastDied[i] ? env.LastMonths[i] - 1 : env.LastMonths[i];
                finalW[i] = env.LastStates[2 * i];
                finalM[i] = env.LastStates[2 * i + 1];
            }
        }
        if (Array.IndexOf(finished, false) is var open && open >= 0)
            throw new InvalidOperationException($"Patient {open} did not finish within {horizon} months.");

        var mean = totals.Average();
        var halfWidth = 1.96 * StandardDeviation(totals) / Math.Sqrt(n);
        return new ZhaoRegimenResult(name, n, mean, mean - halfWidth, mean + halfWidth, survived.Count(s => s) / (double)n,
            months.Average(), finalW.Average(), finalM.Average(), totals, survived);
    }

    /// <summary>Sample standard deviation (n - 1); 0 for a single value.</summary>
    internal static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
            return 0;
        var mean = values.Average();
        var sum = 0.0;
        foreach (var v in values)
            sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / (values.Count - 1));
    }
}
