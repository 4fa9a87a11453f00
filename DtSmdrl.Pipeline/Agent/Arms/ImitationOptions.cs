namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The imitation warm start of the DT-SMDRL agent (expert iteration's first step): Twin-MPC treats one twin sample of each
/// of <see cref="Patients"/> training patients (a twin drawn from the agent's own source, never the true one), its decisions
/// are recorded as the policy sees them, and the policy is behaviour-cloned on them before meta-training (or PPO) continues
/// from there.
/// </summary>
public sealed record ImitationOptions
{
    /// <summary>Training patients Twin-MPC demonstrates on (a seeded random subset when there are more; all when fewer).</summary>
    public int Patients { get; init; } = 128;

    /// <summary>Episodes per demonstrated patient, each on another of its twin samples.</summary>
    public int EpisodesPerPatient { get; init; } = 1;

    /// <summary>The supervised step.</summary>
    public BehaviourCloningOptions Cloning { get; init; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Patients < 1) throw new ArgumentException($"ImitationOptions.Patients = {Patients} is invalid: must be >= 1.");
        if (EpisodesPerPatient < 1) throw new ArgumentException($"ImitationOptions.EpisodesPerPatient = {EpisodesPerPatient} is invalid: must be >= 1.");
        Cloning.Validate();
    }
}
