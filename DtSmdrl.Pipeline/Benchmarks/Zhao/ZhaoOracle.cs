using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>
/// The best possible regimen for one patient of the Zhao benchmark, as a reference for how close the learned policy
/// is to optimal. In this model the only randomness is death, which ends the course, so the state reached after k
/// months is a function of the patient and the doses given; the optimal closed-loop policy is therefore one fixed
/// dose sequence per patient, the one with the highest expected total reward
/// E = sum_k S_k [(1 - p_k) r_k - 60 p_k], S_k = prod_{j &lt; k} (1 - p_j). It is found by exhaustive depth-first
/// search over the 11^horizon sequences, pruned with the bound "at most +20 per remaining month".
/// </summary>
/// <remarks>The oracle knows the model exactly; it is an upper reference, not a competitor. A month runs exactly as in
/// <see cref="ZhaoVectorEnv"/> (dose, one Euler step of one month, W and M kept &gt;= 0).</remarks>
public static class ZhaoOracle
{
    /// <summary>Largest reward of one surviving month: wellness +5 and tumour gone +15.</summary>
    private const double MaxMonthlyReward = 20.0;

    private static ZhaoChemotherapyModel Model => ZhaoMonth.Model;

    /// <summary>The dose sequence with the highest expected total reward, and that expectation.</summary>
    public static (int[] Actions, double ExpectedReward) BestSequence(ZhaoPatient patient, int horizon = ZhaoVectorEnv.PublishedHorizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        var p = patient.Parameters;
        p.Validate("oracle patient");
        var search = new Search(p, horizon);
        // Start from the best constant dose, so the bound prunes from the first branch on.
        var constant = new int[horizon];
        for (var action = 0; action < Model.Actions.Count; action++)
        {
            constant.AsSpan().Fill(action);
            search.Offer(constant, ExpectedReward(patient, constant));
        }
        Span<double> start = stackalloc double[ZhaoMonth.StateSize];
        Model.InitialState(p, start);
        search.Run(0, start, 1.0, 0.0);
        return (search.Best, search.BestValue);
    }

    /// <summary>Expected total reward of a fixed dose sequence (exact over death).</summary>
    public static double ExpectedReward(ZhaoPatient patient, ReadOnlySpan<int> actions)
    {
        var p = patient.Parameters;
        Span<double> state = stackalloc double[ZhaoMonth.StateSize];
        Span<double> before = stackalloc double[ZhaoMonth.StateSize];
        Model.InitialState(p, state);
        double survival = 1.0, value = 0.0;
        for (var month = 0; month < actions.Length; month++)
        {
            var death = ZhaoMonth.Advance(p, actions[month], month, state, before);
            value += survival * ((1 - death) * Model.Reward(p, before, state, died: false) + death * Model.Reward(p, before, state, died: true));
            survival *= 1 - death;
        }
        return value;
    }

    /// <summary>A regimen that gives patient i (row i of the cohort) its oracle sequence; the month is read from the observation.</summary>
    public static ZhaoRegimen Regimen(IReadOnlyList<int[]> sequences, int horizon = ZhaoVectorEnv.PublishedHorizon)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        return (observations, _, actions) =>
        {
            if (actions.Length != sequences.Count)
                throw new ArgumentException($"The oracle regimen holds {sequences.Count} patients; got {actions.Length} rows.", nameof(actions));
            for (var i = 0; i < actions.Length; i++)
            {
                var month = (int)Math.Round(observations[i * ZhaoVectorEnv.Features + 4] * horizon);
                actions[i] = sequences[i][month];
            }
        };
    }

    private sealed class Search(ZhaoParameters parameters, int horizon)
    {
        private readonly int[] _current = new int[horizon];
        private readonly int _actions = Model.Actions.Count;

        public int[] Best { get; } = new int[horizon];
        public double BestValue { get; private set; } = double.NegativeInfinity;

        public void Offer(int[] actions, double value)
        {
            if (value > BestValue)
            {
                BestValue = value;
                actions.CopyTo(Best, 0);
            }
        }

        public void Run(int month, ReadOnlySpan<double> state, double survival, double value)
        {
            if (month == horizon)
            {
                Offer(_current, value);
                return;
            }
            if (value + survival * MaxMonthlyReward * (horizon - month) <= BestValue)
                return;
            Span<double> next = stackalloc double[ZhaoMonth.StateSize];
            Span<double> before = stackalloc double[ZhaoMonth.StateSize];
            for (var action = 0; action < _actions; action++)
            {
                state.CopyTo(next);
                var death = ZhaoMonth.Advance(parameters, action, month, next, before);
                var reward = Model.Reward(parameters, state, next, died: false);
                var died = Model.Reward(parameters, state, next, died: true);
                _current[month] = action;
                Run(month + 1, next, survival * (1 - death), value + survival * ((1 - death) * reward + death * died));
            }
        }
    }
}
