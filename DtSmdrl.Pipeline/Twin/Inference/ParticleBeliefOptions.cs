namespace DtSmdrl.Pipeline.Twin.Inference;

/// <summary>Settings of <see cref="BatchedTwinBelief"/>. The observation noise is not here: it is the simulator's own.</summary>
public sealed record ParticleBeliefOptions
{
    /// <summary>Particles per patient.</summary>
    public int Particles { get; init; } = 32;

    /// <summary>
    /// Target effective sample size of each tempering stage, as a share of the particles: an observation that would drop a
    /// patient's ESS below it is taken in stages, each followed by resampling and moves.
    /// </summary>
    public double ResampleThreshold { get; init; } = 0.5;

    /// <summary>Metropolis-Hastings sweeps after each resampling (each re-simulates the patient's particles over the course so far).</summary>
    public int MoveSweeps { get; init; } = 2;

    /// <summary>Random-walk scale relative to the particle cloud's covariance in the whitened prior coordinates.</summary>
    public double ProposalScale { get; init; } = 0.5;

    /// <summary>Probability that a move proposes flipping the immune-responder flag.</summary>
    public double ResponderFlipProbability { get; init; } = 0.2;

    /// <summary>Most tempering stages per observation (the last takes the remaining power at once).</summary>
    public int MaxStages { get; init; } = 6;

    /// <summary>
    /// Solver step of the particle simulations, days (must divide a day). 0.25 is the simulator's; 0.5 was measured to bias
    /// the neutrophil slope (the ANC noise, 10% CV, is tighter than the coarser solver's error after a few chemotherapy cycles).
    /// </summary>
    public double StepSize { get; init; } = 0.25;

    /// <summary>Threads of the particle simulations (results do not depend on it).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public void Validate()
    {
        if (Particles < 2) throw new ArgumentException($"{nameof(ParticleBeliefOptions)}.{nameof(Particles)} = {Particles} must be >= 2.");
        if (ResampleThreshold is <= 0 or >= 1) throw new ArgumentException($"{nameof(ParticleBeliefOptions)}.{nameof(ResampleThreshold)} = {ResampleThreshold} must be in (0, 1).");
        if (MoveSweeps < 0 || MaxStages < 1 || !(ProposalScale > 0) || ResponderFlipProbability is < 0 or > 1)
            throw new ArgumentException($"{nameof(ParticleBeliefOptions)}: {nameof(MoveSweeps)} must be >= 0, {nameof(MaxStages)} >= 1, {nameof(ProposalScale)} > 0, {nameof(ResponderFlipProbability)} in [0, 1].");
        if (!(StepSize > 0) || StepSize > 1) throw new ArgumentException($"{nameof(ParticleBeliefOptions)}.{nameof(StepSize)} = {StepSize} must be in (0, 1].");
        if (Threads < 1) throw new ArgumentException($"{nameof(ParticleBeliefOptions)}.{nameof(Threads)} = {Threads} must be >= 1.");
    }
}
