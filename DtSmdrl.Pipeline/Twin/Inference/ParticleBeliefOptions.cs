namespace DtSmdrl.Pipeline.Twin.Inference;

/// <summary>Settings of <see cref="BatchedTwinBelief"/>. The observation noise is not here: it is the simulator's own.</summary>
public sealed record ParticleBeliefOptions
{
    /// <summary>Particles per patient.</summary>
    public int Particles { get; init; } = 32;

    /// <summary>Resample-move when a patient's effective sample size falls below this share of its particles.</summary>
    public double ResampleThreshold { get; init; } = 0.5;

    /// <summary>
    /// Liu-West shrinkage a of the move kernel: a moved particle is drawn around a x + (1 - a) mean with covariance
    /// (1 - a^2) times the cloud's, so the cloud's mean and covariance are kept. 0.95 is within Liu and West's 0.95-0.99.
    /// </summary>
    public double Shrinkage { get; init; } = 0.95;

    /// <summary>Solver step of the particle simulations, days (must divide a day; 0.5 halves the cost of 0.25, see <see cref="PosteriorOptions.StepSize"/>).</summary>
    public double StepSize { get; init; } = 0.5;

    /// <summary>Threads of the particle simulations (results do not depend on it).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public void Validate()
    {
        if (Particles < 2) throw new ArgumentException($"{nameof(ParticleBeliefOptions)}.{nameof(Particles)} = {Particles} must be >= 2.");
        if (ResampleThreshold is <= 0 or > 1) throw new ArgumentException($"{nameof(ParticleBeliefOptions)}.{nameof(ResampleThreshold)} = {ResampleThreshold} must be in (0, 1].");
        if (Shrinkage is <= 0 or > 1) throw new ArgumentException($"{nameof(ParticleBeliefOptions)}.{nameof(Shrinkage)} = {Shrinkage} must be in (0, 1].");
        if (!(StepSize > 0) || StepSize > 1) throw new ArgumentException($"{nameof(ParticleBeliefOptions)}.{nameof(StepSize)} = {StepSize} must be in (0, 1].");
        if (Threads < 1) throw new ArgumentException($"{nameof(ParticleBeliefOptions)}.{nameof(Threads)} = {Threads} must be >= 1.");
    }
}
