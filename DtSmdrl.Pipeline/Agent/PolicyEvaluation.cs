namespace DtSmdrl.Pipeline.Agent;

/// <summary>Runs a policy greedily (most probable allowed action) on a vector environment.</summary>
public static class PolicyEvaluation
{
    /// <summary>
    /// Mean undiscounted return of the first <paramref name="episodes"/> episodes to finish, environments reset
    /// with seeds drawn from <paramref name="seed"/>. Fails if they do not finish within <paramref name="maxStepsPerEnv"/> steps.
    /// </summary>
    public static double MeanGreedyReturn(PpoPolicy policy, IVectorEnv env, long seed, int episodes, int maxStepsPerEnv = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        if (env.ObservationSize != policy.Shape.ObservationSize || env.ActionCount != policy.Shape.ActionCount)
            throw new ArgumentException($"Policy is for {policy.Shape.ObservationSize} features and {policy.Shape.ActionCount} actions; {env.GetType().Name} has {env.ObservationSize} and {env.ActionCount}.", nameof(env));
        var n = env.NumEnvs;
        var obs = new float[n * env.ObservationSize];
        var mask = new bool[n * env.ActionCount];
        var actions = new int[n];
        var rewards = new float[n];
        var costs = new float[n];
        var dones = new bool[n];
        var running = new double[n];
        var rng = new AgentRandom(seed);
        var seeds = new long[n];
        for (var i = 0; i < n; i++)
            seeds[i] = rng.NextSeed();
        env.Reset(seeds, obs, mask);
        double total = 0;
        var finished = 0;
        for (var step = 0; step < maxStepsPerEnv; step++)
        {
            policy.Greedy(obs, mask, actions);
            env.Step(actions, obs, rewards, costs, dones, mask);
            for (var i = 0; i < n; i++)
            {
                running[i] += rewards[i];
                if (!dones[i])
                    continue;
                total += running[i];
                running[i] = 0;
                if (++finished == episodes)
                    return total / episodes;
            }
        }
        throw new InvalidOperationException($"{env.GetType().Name}: only {finished} of {episodes} evaluation episodes finished within {maxStepsPerEnv} steps per environment.");
    }
}
