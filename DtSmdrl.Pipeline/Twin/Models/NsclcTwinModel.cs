using DtSmdrl.Pipeline.Twin.Solvers;

namespace DtSmdrl.Pipeline.Twin.Models;

/// <summary>
/// The first-line NSCLC patient twin (twin-models.md sections 1-5) behind <see cref="ITwinModel{TParameters}"/>:
/// sensitive/resistant Gompertz tumour with Simeoni transit, one PK compartment per drug class,
/// Emax kill driven by biomarker-dependent kC/kT/kI, Friberg neutrophils, death hazard.
/// Equations: <see cref="NsclcDynamics"/>. One decision = one 21-day cycle; RK4 with a 0.25-day step.
/// </summary>
/// <remarks>
/// Events per cycle, one per day boundary: event 0 at day 0 (chemotherapy, antibody, first kinase-inhibitor
/// dose), events 1-20 at days 1-20 (close the previous day's Q-TWiST accounting, then the day's kinase-inhibitor
/// dose when the action includes it), event 21 at day 21 (closes the last day).
/// Observation (noise-free): [0] SLD mm, [1] ANC 10^9/L, [2] lowest ANC of the cycle, [3] irAE active.
/// The stochastic parts (irAE and targeted-therapy event onsets, measurement noise, sampled death) live in
/// the experiments. Without observed scans the model cannot tell TWiST from relapse days, so its
/// <see cref="Reward"/> counts every well day as TWiST; the batched simulator splits them by observed RECIST progression.
/// </remarks>
public sealed class NsclcTwinModel : ITwinModel<NsclcParameters>
{
    /// <summary>Cycle length, days.</summary>
    public const double CycleDays = 21.0;

    /// <summary>Creates the model with an action set and reward weights (defaults when null).</summary>
    public NsclcTwinModel(ActionSet? actions = null, NsclcRewardOptions? rewards = null, double stepSize = 0.25)
    {
        Actions = actions ?? ActionSet.NsclcDefault;
        Rewards = rewards ?? new NsclcRewardOptions();
        Rewards.Validate();
        if (!(stepSize > 0) || Math.Abs(Math.Round(1.0 / stepSize) - 1.0 / stepSize) > 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The step must be positive and divide one day evenly (e.g. 1, 0.5, 0.25, 0.125).");
        }

        DefaultStepSize = stepSize;
    }

    /// <inheritdoc />
    public string Name => "nsclc";

    /// <inheritdoc />
    public IReadOnlyList<string> StateNames => NsclcState.Names;

    /// <inheritdoc />
    public ActionSet Actions { get; }

    /// <summary>Reward and cost weights.</summary>
    public NsclcRewardOptions Rewards { get; }

    /// <inheritdoc />
    public double DecisionInterval => CycleDays;

    /// <inheritdoc />
    public double DefaultStepSize { get; }

    /// <inheritdoc />
    public SolverKind Solver => SolverKind.RungeKutta4;

    /// <inheritdoc />
    public int ObservationSize => 4;

    /// <inheritdoc />
    public void Validate(in NsclcParameters parameters, string context) => parameters.Validate(context);

    /// <inheritdoc />
    public void InitialState(in NsclcParameters parameters, Span<double> state) => NsclcDynamics.InitialState(parameters, state);

    /// <inheritdoc />
    public void Derivatives(in NsclcParameters parameters, double time, ReadOnlySpan<double> state, Span<double> derivatives) =>
        NsclcDynamics.Derivatives(parameters, state, derivatives);

    /// <inheritdoc />
    public int DoseEventCount(int action)
    {
        Actions.Get(action);
        return (int)CycleDays + 1;
    }

    /// <inheritdoc />
    public double DoseEventTime(int action, int eventIndex) => eventIndex;

    /// <inheritdoc />
    public void ApplyDoseEvent(in NsclcParameters parameters, int action, int eventIndex, Span<double> state)
    {
        if (eventIndex > 0)
        {
            NsclcDynamics.EndDay(state);
        }

        if (eventIndex < (int)CycleDays)
        {
            NsclcDynamics.ApplyCycleDoseEvent(parameters, Actions.Get(action), eventIndex, state);
        }
    }

    /// <inheritdoc />
    public void AfterStep(in NsclcParameters parameters, Span<double> state) => NsclcDynamics.AfterStep(state);

    /// <inheritdoc />
    public void Observe(in NsclcParameters parameters, ReadOnlySpan<double> state, Span<double> observation)
    {
        observation[0] = NsclcDynamics.SldFromVolume(NsclcDynamics.Volume(state), parameters.LesionCount);
        observation[1] = state[NsclcState.Circ];
        observation[2] = state[NsclcState.MinCirc];
        observation[3] = state[NsclcState.Irae];
    }

    /// <inheritdoc />
    public double DeathProbability(in NsclcParameters parameters, ReadOnlySpan<double> before, ReadOnlySpan<double> after) =>
        1.0 - Math.Exp(-(after[NsclcState.H] - before[NsclcState.H]));

    /// <summary>
    /// Quality-adjusted days of the interval (<see cref="NsclcRewardOptions.QualityAdjustedDays"/>) from its
    /// closed days; well days count as TWiST (see the class remarks). The reference experiment places a
    /// sampled death at the interval's end, so the interval's days were survived either way.
    /// </summary>
    public double Reward(in NsclcParameters parameters, ReadOnlySpan<double> before, ReadOnlySpan<double> after, bool died) =>
        Rewards.QualityAdjustedDays(
            after[NsclcState.ToxicityDays] - before[NsclcState.ToxicityDays],
            after[NsclcState.WellDays] - before[NsclcState.WellDays],
            0.0);

    /// <inheritdoc />
    public double Cost(in NsclcParameters parameters, ReadOnlySpan<double> before, ReadOnlySpan<double> after) =>
        Rewards.Cost(
            after[NsclcState.MinCirc],
            after[NsclcState.IraeCount] > before[NsclcState.IraeCount],
            after[NsclcState.TkaeCount] > before[NsclcState.TkaeCount]);
}
