using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Solvers;

namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>
/// One month of the Zhao model, run as <c>ReferenceSimulator</c> runs it: apply the dose event, one forward-Euler
/// step of one month (the model's difference equations), then the model's projection W, M &gt;= 0. Shared by the
/// environment and the oracle so both advance patients identically.
/// </summary>
internal static class ZhaoMonth
{
    /// <summary>State values per patient (W, M, D).</summary>
    public const int StateSize = 3;

    /// <summary>The model with its default actions (dose_0.0 ... dose_1.0).</summary>
    public static ZhaoChemotherapyModel Model { get; } = CreateModel();

    /// <summary>Advances <paramref name="state"/> by month <paramref name="month"/> under <paramref name="action"/>; <paramref name="before"/> receives the state at its start. Returns the death probability of the month.</summary>
    public static double Advance(in ZhaoParameters parameters, int action, int month, Span<double> state, Span<double> before)
    {
        Span<double> scratch = stackalloc double[ExplicitEulerSolver.ScratchSize(StateSize)];
        state.CopyTo(before);
        Model.ApplyDoseEvent(parameters, action, 0, state);
        var system = new ModelSystem(parameters);
        ExplicitEulerSolver.Step(ref system, month * Model.DecisionInterval, Model.DefaultStepSize, state, scratch);
        Model.AfterStep(parameters, state);
        return Model.DeathProbability(parameters, before, state);
    }

    private static ZhaoChemotherapyModel CreateModel()
    {
        var model = new ZhaoChemotherapyModel();
        if (model.DecisionInterval != model.DefaultStepSize || model.Solver != SolverKind.ExplicitEuler || model.StateNames.Count != StateSize)
            throw new InvalidOperationException("The Zhao agent code assumes one forward-Euler step per monthly decision and the state (W, M, D), as the model is defined.");
        return model;
    }

    private readonly struct ModelSystem(ZhaoParameters parameters) : IOdeSystem
    {
        public void Derivatives(double time, ReadOnlySpan<double> state, Span<double> derivatives) =>
            Model.Derivatives(parameters, time, state, derivatives);
    }
}
