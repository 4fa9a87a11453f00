using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Twin.Inference;

/// <summary>
/// Counterfactual simulation in three steps: abduction (the posterior of the patient's twin given its
/// observed history, <see cref="TwinPosterior.Update"/>), action (replace the treatment plan) and
/// prediction (simulate posterior samples under the new plan, with intervals across samples).
/// Every plan uses the same sample parameters and noise seeds (common random numbers), so the
/// difference between two predictions comes from the plans only.
/// </summary>
public static class CounterfactualSimulator
{
    /// <summary>Predicts <paramref name="plan"/> (action indices from day 0) for the patient behind <paramref name="posterior"/>.</summary>
    /// <param name="posterior">The updated posterior (abduction).</param>
    /// <param name="plan">Action index per cycle; a factual history with its later actions changed is a counterfactual plan.</param>
    /// <param name="samples">Posterior samples to simulate.</param>
    /// <param name="noiseSeed">Base noise seed (sample k uses noiseSeed + k).</param>
    /// <param name="level">Coverage of the central intervals.</param>
    /// <param name="simulation">Simulator settings (defaults when null).</param>
    /// <param name="samplingSeed">Seed for drawing the posterior samples (the same seed gives the same samples for every plan).</param>
    public static CounterfactualPrediction Predict(
        TwinPosterior posterior, IReadOnlyList<int> plan, int samples = 200, ulong noiseSeed = 1, double level = 0.9,
        NsclcSimulationOptions? simulation = null, int samplingSeed = 7)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Count == 0)
        {
            throw new ArgumentException("A plan needs at least one cycle.", nameof(plan));
        }

        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The interval level must be in (0, 1).");
        }

        var parameters = SampleFixed(posterior, samples, samplingSeed);
        var sim = new NsclcBatchSimulator(samples, simulation);
        foreach (var action in plan)
        {
            sim.Options.Actions.Get(action);
        }

        var seeds = Enumerable.Range(0, samples).Select(k => noiseSeed + (ulong)k).ToArray();
        sim.Reset(parameters, seeds);
        var actions = new int[samples];
        var lowQ = (1 - level) / 2;
        var highQ = 1 - lowQ;
        var days = new List<int>();
        var sldMedian = new List<double>();
        var sldLow = new List<double>();
        var sldHigh = new List<double>();
        var ancMedian = new List<double>();
        var ancLow = new List<double>();
        var ancHigh = new List<double>();
        var circ = new double[samples];
        var sld = new double[samples];
        foreach (var action in plan)
        {
            Array.Fill(actions, action);
            sim.Advance(actions);
            for (var k = 0; k < samples; k++)
            {
                sld[k] = sim.TrueSld(k);
                circ[k] = sim.StateVariable(Models.NsclcState.Circ)[k];
            }

            days.Add(sim.Day);
            sldMedian.Add(Quantile(sld, 0.5));
            sldLow.Add(Quantile(sld, lowQ));
            sldHigh.Add(Quantile(sld, highQ));
            ancMedian.Add(Quantile(circ, 0.5));
            ancLow.Add(Quantile(circ, lowQ));
            ancHigh.Add(Quantile(circ, highQ));
        }

        var rewards = sim.EpisodeReward.ToArray();
        var responders = 0;
        var severe = 0;
        var progressed = 0;
        for (var k = 0; k < samples; k++)
        {
            responders += Recist.IsObjectiveResponse(sim.BestResponse[k]) ? 1 : 0;
            severe += sim.SevereToxicityEver[k] ? 1 : 0;
            progressed += sim.Progressed[k] || !sim.Alive[k] ? 1 : 0;
        }

        return new CounterfactualPrediction(
            plan.Select(a => sim.Options.Actions[a].Name).ToArray(),
            days, sldMedian, sldLow, sldHigh, ancMedian, ancLow, ancHigh,
            (double)responders / samples,
            (double)severe / samples,
            (double)progressed / samples,
            rewards.Average(),
            Quantile(rewards, lowQ),
            Quantile(rewards, highQ),
            level);
    }

    private static Models.NsclcParameters[] SampleFixed(TwinPosterior posterior, int samples, int samplingSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var weights = posterior.Weights();
        var rng = new Random(samplingSeed);
        var result = new Models.NsclcParameters[samples];
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        for (var k = 0; k < samples; k++)
        {
            var u = rng.NextDouble() * sum;
            var index = Array.BinarySearch(cumulative, u);
            index = index < 0 ? Math.Min(~index, weights.Length - 1) : index;
            result[k] = posterior.Prior.ToParameters(posterior.Covariates, posterior.Particles[index]);
        }

        return result;
    }

    private static double Quantile(double[] values, double q)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
