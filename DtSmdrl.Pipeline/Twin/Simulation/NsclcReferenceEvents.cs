using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// The batched simulator's grade >= 3 irAE and targeted-therapy event draws for the single-patient
/// <see cref="ReferenceSimulator"/> (same <see cref="NsclcEvents"/> functions, same counter streams), so the two
/// can be compared with events on. One instance per patient run.
/// </summary>
public sealed class NsclcReferenceEvents : IIntervalEvents<NsclcParameters>
{
    private readonly ActionSet actions;
    private readonly bool iraeEnabled;
    private readonly bool targetedEventsEnabled;
    private long iraeOnset = -1;
    private long iraeEnd = -1;
    private long tkaeOnset = -1;
    private long tkaeEnd = -1;
    private double cumulativeAntibody;

    /// <summary>Events of <paramref name="options"/> (its action set and the IraeEnabled / TargetedEventsEnabled switches).</summary>
    public NsclcReferenceEvents(NsclcSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        actions = options.Actions;
        iraeEnabled = options.IraeEnabled;
        targetedEventsEnabled = options.TargetedEventsEnabled;
    }

    /// <inheritdoc />
    public void StartInterval(in NsclcParameters parameters, int action, int interval, long firstStep, int steps, int stepsPerTimeUnit, ulong seed)
    {
        var given = actions.Get(action);
        if (given.Immunotherapy > 0 && !NsclcEvents.Active(firstStep, iraeOnset, iraeEnd))
        {
            if (iraeEnabled)
            {
                NsclcEvents.Draw(seed, CounterRandom.IraeStream, CounterRandom.IraeOnsetStream, interval,
                    NsclcDynamics.IraeProbability(parameters, cumulativeAntibody), firstStep, steps, parameters.IraeDuration, stepsPerTimeUnit, ref iraeOnset, ref iraeEnd);
            }

            cumulativeAntibody += given.Immunotherapy;
        }

        if (given.Targeted > 0 && targetedEventsEnabled && !NsclcEvents.Active(firstStep, tkaeOnset, tkaeEnd))
        {
            NsclcEvents.Draw(seed, CounterRandom.TargetedEventStream, CounterRandom.TargetedEventOnsetStream, interval,
                NsclcDynamics.TargetedEventProbability(parameters), firstStep, steps, parameters.TkaeDuration, stepsPerTimeUnit, ref tkaeOnset, ref tkaeEnd);
        }
    }

    /// <inheritdoc />
    public void BeforeStep(long step, Span<double> state)
    {
        NsclcEvents.ApplyFlag(step, iraeOnset, iraeEnd, NsclcState.Irae, NsclcState.IraeCount, state);
        NsclcEvents.ApplyFlag(step, tkaeOnset, tkaeEnd, NsclcState.Tkae, NsclcState.TkaeCount, state);
    }
}
