namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Gives each patient a fixed action sequence, whatever it observes: the reference rows' policies (no treatment, and
/// the perfect-information planner's chosen plan). Stateless, so every replicate sees the same plan from cycle 0.
/// </summary>
public sealed class FixedPlanPolicy : ITreatmentPolicy
{
    private readonly int[][] plans;

    /// <param name="plans">Per patient (batch order), the action index of every cycle.</param>
    public FixedPlanPolicy(IReadOnlyList<int[]> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        this.plans = plans.ToArray();
    }

    /// <summary>The same action in every cycle for <paramref name="patients"/> patients.</summary>
    public static FixedPlanPolicy Constant(int action, int patients, int cycles) =>
        new(Enumerable.Range(0, patients).Select(_ => Enumerable.Repeat(action, cycles).ToArray()).ToList());

    public void Decide(int cycle, ReadOnlySpan<double> observations, ReadOnlySpan<bool> done, Span<int> actions)
    {
        if (actions.Length != plans.Length)
            throw new ArgumentException($"The fixed plans cover {plans.Length} patients but the batch has {actions.Length}.");
        for (var i = 0; i < plans.Length; i++)
        {
            if (cycle >= plans[i].Length)
                throw new InvalidOperationException($"Patient {i}'s fixed plan has {plans[i].Length} cycles; cycle {cycle} was asked for.");
            actions[i] = plans[i][cycle];
        }
    }
}
