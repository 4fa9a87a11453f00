namespace DtSmdrl.Pipeline.Agent;

/// <summary>Everything a PPO run needs besides the network, optimiser and environment to continue exactly (the checkpoint's state.json).</summary>
internal sealed record PpoCheckpointState(
    PpoOptions Options,
    int CompletedUpdates,
    long GlobalStep,
    ulong[] RngState,
    PidLagrangianState Lagrange,
    ObservationNormalizerState Normalizer,
    bool NormalizerFrozen,
    float[] RawObservations,
    bool[] NextActionMask,
    double[] EpisodeReturns,
    double[] EpisodeCosts,
    int[] EpisodeLengths,
    int[] Groups,
    bool HasEnvironmentState);
