using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Env;

/// <summary>Episode settings of the twin environments.</summary>
public sealed record TwinEnvironmentOptions
{
    /// <summary>Simulator settings (actions, rewards, step, scans, noise).</summary>
    public NsclcSimulationOptions Simulation { get; init; } = new();

    /// <summary>Decisions per episode (8 cycles of 21 days by default, metrics.md).</summary>
    public int Cycles { get; init; } = 8;

    /// <summary>
    /// Day to which the patient is followed after the last decision, under the "hold" action; the
    /// follow-up's rewards and costs are added to the last step's. 0 = no follow-up. Default 364.
    /// </summary>
    public int FollowUpDay { get; init; } = 364;

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Simulation, nameof(Simulation));
        Simulation.Validate();
        if (Cycles < 1)
        {
            throw new ArgumentException($"{nameof(TwinEnvironmentOptions)}.{nameof(Cycles)} = {Cycles} must be >= 1.");
        }

        if (FollowUpDay < 0)
        {
            throw new ArgumentException($"{nameof(TwinEnvironmentOptions)}.{nameof(FollowUpDay)} = {FollowUpDay} must be >= 0.");
        }
    }
}
