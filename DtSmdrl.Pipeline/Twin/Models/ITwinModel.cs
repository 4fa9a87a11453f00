using DtSmdrl.Pipeline.Twin.Solvers;

namespace DtSmdrl.Pipeline.Twin.Models;

/// <summary>
/// A mechanistic twin model: state, parameters, derivatives, dose events, observation, reward and
/// cost. Solvers (<see cref="Rk4Solver"/>, <see cref="ExplicitEulerSolver"/>) and experiments
/// (<c>ReferenceSimulator</c>, the batched simulator, environments) are kept apart from it.
/// </summary>
/// <typeparam name="TParameters">The model's parameter record.</typeparam>
/// <remarks>
/// One decision interval (<see cref="DecisionInterval"/>) runs: for each dose event of the chosen action
/// in time order, integrate up to the event time and apply it; integrate to the interval's end;
/// call <see cref="AfterStep"/> after each solver step. Doses never enter <see cref="Derivatives"/>.
/// </remarks>
public interface ITwinModel<TParameters>
    where TParameters : struct
{
    /// <summary>Short model name for logs and reports.</summary>
    string Name { get; }

    /// <summary>State variable names in index order.</summary>
    IReadOnlyList<string> StateNames { get; }

    /// <summary>The actions available at each decision.</summary>
    ActionSet Actions { get; }

    /// <summary>Length of one decision interval in model time units (days for NSCLC, months for Zhao).</summary>
    double DecisionInterval { get; }

    /// <summary>Documented default solver step, model time units.</summary>
    double DefaultStepSize { get; }

    /// <summary>The integration scheme this model is defined with.</summary>
    SolverKind Solver { get; }

    /// <summary>Length of <see cref="Observe"/>'s output.</summary>
    int ObservationSize { get; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="context"/> and the bad field.</summary>
    void Validate(in TParameters parameters, string context);

    /// <summary>Writes the state at time 0.</summary>
    void InitialState(in TParameters parameters, Span<double> state);

    /// <summary>dy/dt at <paramref name="time"/>; must not allocate.</summary>
    void Derivatives(in TParameters parameters, double time, ReadOnlySpan<double> state, Span<double> derivatives);

    /// <summary>Number of dose events of <paramref name="action"/> within one decision interval.</summary>
    int DoseEventCount(int action);

    /// <summary>Time of dose event <paramref name="eventIndex"/> from the start of the interval (non-decreasing in the index).</summary>
    double DoseEventTime(int action, int eventIndex);

    /// <summary>Applies dose event <paramref name="eventIndex"/> of <paramref name="action"/> to the state.</summary>
    void ApplyDoseEvent(in TParameters parameters, int action, int eventIndex, Span<double> state);

    /// <summary>Hook after every solver step (projections such as M >= 0, running minima).</summary>
    void AfterStep(in TParameters parameters, Span<double> state);

    /// <summary>Noise-free observation of a state.</summary>
    void Observe(in TParameters parameters, ReadOnlySpan<double> state, Span<double> observation);

    /// <summary>Probability of death during an interval that went from <paramref name="before"/> to <paramref name="after"/>.</summary>
    double DeathProbability(in TParameters parameters, ReadOnlySpan<double> before, ReadOnlySpan<double> after);

    /// <summary>Reward of one decision interval.</summary>
    double Reward(in TParameters parameters, ReadOnlySpan<double> before, ReadOnlySpan<double> after, bool died);

    /// <summary>Toxicity cost of one decision interval (the constrained-RL cost signal).</summary>
    double Cost(in TParameters parameters, ReadOnlySpan<double> before, ReadOnlySpan<double> after);
}
