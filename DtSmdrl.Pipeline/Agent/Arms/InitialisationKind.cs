namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>Where the DT-SMDRL agent's policy starts before adapting to a new patient (metrics.md "Adaptation speed").</summary>
public enum InitialisationKind
{
    /// <summary>Reptile meta-learned initialisation over the training patients' personalised twins (the full method).</summary>
    Meta,

    /// <summary>One PPO-Lagrangian policy trained on all training patients' twins pooled, same env-step budget, no meta-learning.</summary>
    Population,

    /// <summary>A fresh, untrained network (CleanRL's orthogonal init) with the same frozen observation normaliser.</summary>
    Random,

    /// <summary>Behaviour cloning on Twin-MPC's decisions only (<see cref="DtSmdrlArmOptions.Imitation"/>), no reinforcement learning.</summary>
    Imitation,
}
