namespace DtSmdrl.Pipeline.Agent;

/// <summary>Generalised advantage estimation (Schulman et al. 2016) over a rollout of T steps x N environments.</summary>
public static class Gae
{
    /// <summary>
    /// Fills <paramref name="advantages"/> and <paramref name="returns"/> (advantage + value), all laid out [t * N + env].
    /// <c>dones[t, i]</c> means the episode ended with the step at t, so nothing after it is bootstrapped;
    /// <paramref name="lastValues"/> are V(s_T), the values of the observations after the last step.
    /// </summary>
    public static void Compute(
        ReadOnlySpan<float> rewards, ReadOnlySpan<float> values, ReadOnlySpan<bool> dones, ReadOnlySpan<float> lastValues,
        int numEnvs, double gamma, double lambda, Span<float> advantages, Span<float> returns)
    {
        var steps = rewards.Length / numEnvs;
        if (rewards.Length != steps * numEnvs || values.Length != rewards.Length || dones.Length != rewards.Length
            || advantages.Length != rewards.Length || returns.Length != rewards.Length || lastValues.Length != numEnvs)
            throw new ArgumentException("GAE buffers must all be steps x environments long, and lastValues one per environment.");
        for (var env = 0; env < numEnvs; env++)
        {
            double running = 0;
            double nextValue = lastValues[env];
            for (var t = steps - 1; t >= 0; t--)
            {
                var k = t * numEnvs + env;
                var notDone = dones[k] ? 0.0 : 1.0;
                var delta = rewards[k] + gamma * nextValue * notDone - values[k];
                running = delta + gamma * lambda * notDone * running;
                advantages[k] = (float)running;
                returns[k] = (float)(running + values[k]);
                nextValue = values[k];
            }
        }
    }
}
