using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>
/// A treatment rule evaluated on the Zhao benchmark: one dose action per patient row from the current
/// observations (<see cref="ZhaoVectorEnv"/> layout), written into <paramref name="actions"/>.
/// </summary>
public delegate void ZhaoRegimen(ReadOnlySpan<float> observations, ReadOnlySpan<bool> actionMask, Span<int> actions);

/// <summary>The regimens of the benchmark table.</summary>
public static class ZhaoRegimens
{
    /// <summary>The same dose action every month (action index = dose x 10).</summary>
    public static ZhaoRegimen ConstantDose(int action) => (_, _, actions) => actions.Fill(action);

    /// <summary>The policy's most probable action per row (greedy, no sampling).</summary>
    public static ZhaoRegimen Greedy(PpoPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return (observations, actionMask, actions) => policy.Greedy(observations, actionMask, actions);
    }
}
