namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Reptile hyperparameters (Nichol, Achiam and Schulman 2018, "On First-Order Meta-Learning Algorithms").
/// Their few-shot defaults were an outer step 1.0 annealed linearly to 0, 5 tasks per outer step and 5-10
/// inner steps with Adam; ours keep the schedule and use fewer, larger inner steps because an inner step here
/// is a whole PPO update.
/// </summary>
public sealed record MetaPpoOptions
{
    /// <summary>Seed of the initialisation, task sampling and inner-loop seeds.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Outer iterations (meta steps).</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>Tasks per outer step, sampled without replacement (Nichol et al.: 5).</summary>
    public int TasksPerIteration { get; init; } = 4;

    /// <summary>K: PPO updates in each inner loop (also the adaptation budget the initialisation is trained for).</summary>
    public int InnerUpdates { get; init; } = 4;

    /// <summary>Outer step size epsilon at the first iteration: theta += epsilon * (mean adapted - theta) (Nichol et al.: 1.0).</summary>
    public double MetaStepSize { get; init; } = 1.0;

    /// <summary>Anneal epsilon linearly to 0 over the iterations (Nichol et al.: yes).</summary>
    public bool AnnealMetaStepSize { get; init; } = true;

    /// <summary>
    /// Uniform-random steps per environment and task used to fit the observation normaliser once, before
    /// meta-training; it is then frozen so the initialisation means the same thing on every task.
    /// </summary>
    public int NormalizerWarmupSteps { get; init; } = 64;

    /// <summary>
    /// Inner loops of one meta-iteration run at once, each on its own .NET thread (set torch to 1 intra-op thread).
    /// The results do not depend on it: every inner loop's seed is drawn before they start and they are averaged in
    /// task order.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>Episodes of the default greedy evaluation.</summary>
    public int EvaluationEpisodes { get; init; } = 16;

    /// <summary>
    /// PPO options of the inner loops. A fresh Adam is used per inner loop (Reptile's first-order update needs no
    /// optimiser state across tasks); the learning rate is not annealed within K updates; TotalSteps is replaced
    /// by K updates. The cost limit and PID gains drive a meta-level multiplier that seeds each inner loop.
    /// </summary>
    public PpoOptions Inner { get; init; } = new() { AnnealLearningRate = false };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string field, object value, string rule)
        {
            if (!ok)
                throw new ArgumentException($"MetaPpoOptions.{field} = {value} is invalid: {rule}.");
        }
        Require(Iterations > 0, nameof(Iterations), Iterations, "must be positive");
        Require(TasksPerIteration > 0, nameof(TasksPerIteration), TasksPerIteration, "must be positive");
        Require(InnerUpdates > 0, nameof(InnerUpdates), InnerUpdates, "must be positive");
        Require(MetaStepSize is > 0 and <= 1, nameof(MetaStepSize), MetaStepSize, "must be in (0, 1]");
        Require(NormalizerWarmupSteps >= 0, nameof(NormalizerWarmupSteps), NormalizerWarmupSteps, "must be non-negative");
        Require(Workers > 0, nameof(Workers), Workers, "must be positive");
        Require(EvaluationEpisodes > 0, nameof(EvaluationEpisodes), EvaluationEpisodes, "must be positive");
        Inner.Validate();
    }
}
