using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Solvers;

namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// The single-patient reference experiment for any <see cref="ITwinModel{TParameters}"/>: runs a
/// sequence of actions, one per decision interval, with doses as events between solver steps, and
/// samples death per interval from the model's death probability with a counter-based draw, and optionally
/// applies an experiment's random events (<see cref="IIntervalEvents{TParameters}"/>, e.g. <see cref="NsclcReferenceEvents"/>)
/// before every solver step and dose event. It favours clarity over speed; the batched NSCLC simulator is tested against it.
/// </summary>
public static class ReferenceSimulator
{
    /// <summary>Runs <paramref name="actions"/> from the initial state.</summary>
    /// <param name="model">The model.</param>
    /// <param name="parameters">The patient's parameters (validated here).</param>
    /// <param name="actions">Action index per decision interval.</param>
    /// <param name="seed">Patient noise seed (death draws).</param>
    /// <param name="stepSize">Solver step; the model's default when null.</param>
    /// <param name="sampleDeath">When false the patient never dies (deterministic dynamics only).</param>
    /// <param name="events">Random events drawn per interval on <paramref name="seed"/> (a new instance per run); null = none.</param>
    public static ReferenceTrajectory Run<TParameters>(
        ITwinModel<TParameters> model, TParameters parameters, IReadOnlyList<int> actions, ulong seed, double? stepSize = null, bool sampleDeath = true,
        IIntervalEvents<TParameters>? events = null)
        where TParameters : struct
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(actions);
        model.Validate(parameters, "reference simulation parameters");
        var h = stepSize ?? model.DefaultStepSize;
        if (!(h > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), h, "The solver step must be > 0.");
        }

        var n = model.StateNames.Count;
        var state = new double[n];
        model.InitialState(parameters, state);
        var states = new List<double[]> { (double[])state.Clone() };
        var rewards = new List<double>();
        var costs = new List<double>();
        var deathProbabilities = new List<double>();
        var deathInterval = -1;
        var system = new ModelSystem<TParameters>(model, parameters);
        var scratch = new double[Math.Max(Rk4Solver.ScratchSize(n), ExplicitEulerSolver.ScratchSize(n))];

        for (var k = 0; k < actions.Count; k++)
        {
            var action = actions[k];
            model.Actions.Get(action);
            var before = (double[])state.Clone();
            var start = k * model.DecisionInterval;
            var t = start;
            events?.StartInterval(parameters, action, k, StepIndex(start, h), (int)Math.Round(model.DecisionInterval / h), (int)Math.Round(1.0 / h), seed);
            var doseEvents = model.DoseEventCount(action);
            for (var e = 0; e < doseEvents; e++)
            {
                var eventTime = start + model.DoseEventTime(action, e);
                t = Integrate(model, parameters, ref system, t, eventTime, h, state, scratch, events);
                events?.BeforeStep(StepIndex(eventTime, h), state);
                model.ApplyDoseEvent(parameters, action, e, state);
            }

            Integrate(model, parameters, ref system, t, start + model.DecisionInterval, h, state, scratch, events);
            var pDeath = model.DeathProbability(parameters, before, state);
            var died = sampleDeath && CounterRandom.Uniform(seed, CounterRandom.ExperimentStream, (ulong)k) < pDeath;
            deathProbabilities.Add(pDeath);
            costs.Add(model.Cost(parameters, before, state));
            rewards.Add(model.Reward(parameters, before, state, died));
            states.Add((double[])state.Clone());
            if (died)
            {
                deathInterval = k;
                break;
            }
        }

        return new ReferenceTrajectory(states, rewards, costs, deathProbabilities, deathInterval);
    }

    /// <summary>Integrates from <paramref name="from"/> to <paramref name="to"/> with steps of at most <paramref name="h"/>.</summary>
    private static double Integrate<TParameters>(
        ITwinModel<TParameters> model, in TParameters parameters, ref ModelSystem<TParameters> system, double from, double to, double h, Span<double> state, Span<double> scratch,
        IIntervalEvents<TParameters>? events)
        where TParameters : struct
    {
        var steps = (int)Math.Round((to - from) / h);
        if (steps > 0 && Math.Abs(from + steps * h - to) > 1e-9)
        {
            steps = (int)Math.Ceiling((to - from) / h - 1e-9);
        }

        for (var i = 0; i < steps; i++)
        {
            var t0 = from + i * h;
            var step = Math.Min(h, to - t0);
            events?.BeforeStep(StepIndex(t0, h), state);
            if (model.Solver == SolverKind.ExplicitEuler)
            {
                ExplicitEulerSolver.Step(ref system, t0, step, state, scratch);
            }
            else
            {
                Rk4Solver.Step(ref system, t0, step, state, scratch);
            }

            model.AfterStep(parameters, state);
        }

        return to;
    }

    /// <summary>Global index of the solver step that starts at <paramref name="time"/>.</summary>
    private static long StepIndex(double time, double h) => (long)Math.Round(time / h);

    private struct ModelSystem<TParameters>(ITwinModel<TParameters> model, TParameters parameters) : IOdeSystem
        where TParameters : struct
    {
        public readonly void Derivatives(double time, ReadOnlySpan<double> state, Span<double> derivatives) =>
            model.Derivatives(parameters, time, state, derivatives);
    }
}
