namespace DtSmdrl.Pipeline.Agent;

/// <summary>One finished training episode: undiscounted return, summed cost, length and the env's group id.</summary>
public readonly record struct EpisodeRecord(double Return, double Cost, int Length, int Group);
