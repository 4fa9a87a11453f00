namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// Random events an experiment adds on top of a model's equations, for <see cref="ReferenceSimulator"/>: drawn
/// at the start of each decision interval and written into the state before every solver step and dose event.
/// An instance holds one patient's event schedule: use a new one per run.
/// </summary>
/// <typeparam name="TParameters">The model's parameter record.</typeparam>
public interface IIntervalEvents<TParameters>
    where TParameters : struct
{
    /// <summary>Draws the events that may begin in decision interval <paramref name="interval"/>.</summary>
    /// <param name="parameters">The patient's parameters.</param>
    /// <param name="action">The interval's action index.</param>
    /// <param name="interval">0-based interval index.</param>
    /// <param name="firstStep">Global index of the interval's first solver step.</param>
    /// <param name="steps">Solver steps in the interval.</param>
    /// <param name="stepsPerTimeUnit">Solver steps per model time unit (per day for NSCLC).</param>
    /// <param name="seed">The patient's noise seed.</param>
    void StartInterval(in TParameters parameters, int action, int interval, long firstStep, int steps, int stepsPerTimeUnit, ulong seed);

    /// <summary>Writes the events' effect on the state for global solver step <paramref name="step"/> (idempotent within a step).</summary>
    void BeforeStep(long step, Span<double> state);
}
