namespace DtSmdrl.Pipeline.Twin.Inference;

/// <summary>Settings of <see cref="TwinPosterior"/>.</summary>
public sealed record PosteriorOptions
{
    /// <summary>Number of particles.</summary>
    public int Particles { get; init; } = 500;

    /// <summary>Absolute part of the SLD measurement SD, mm (same model as the simulator's noise).</summary>
    public double SldNoiseSd { get; init; } = 2.0;

    /// <summary>Relative part of the SLD measurement SD.</summary>
    public double SldNoiseCv { get; init; } = 0.05;

    /// <summary>CV of the log-normal ANC measurement noise.</summary>
    public double AncNoiseCv { get; init; } = 0.10;

    /// <summary>Target effective sample size of each tempering stage, as a share of the particles (also the resampling threshold).</summary>
    public double ResampleThreshold { get; init; } = 0.5;

    /// <summary>
    /// Metropolis-Hastings sweeps after each resampling (each sweep simulates every particle once). With
    /// 500 particles, 5 sweeps gave 87% coverage of nominal 90% intervals, 2 sweeps 83% (Twin/README.md).
    /// </summary>
    public int MoveSweeps { get; init; } = 5;

    /// <summary>Random-walk scale relative to the particle cloud's covariance (2.38/sqrt(16) = 0.6 is the classical optimum).</summary>
    public double ProposalScale { get; init; } = 0.5;

    /// <summary>Most tempering stages per update (the last one then takes the remaining power at once).</summary>
    public int MaxStages { get; init; } = 12;

    /// <summary>Probability that a move proposes flipping the immune-responder latent.</summary>
    public double ResponderFlipProbability { get; init; } = 0.2;

    /// <summary>
    /// Solver step of the particle simulations, days (must divide a day). 0.25 matches the simulator;
    /// 0.5 halves the cost and changes simulated ANC and SLD by well under their measurement noise.
    /// </summary>
    public double StepSize { get; init; } = 0.25;

    /// <summary>Seed of the sampler.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Threads for the particle simulations (results do not depend on it).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public void Validate()
    {
        if (Particles < 2)
        {
            throw new ArgumentException($"{nameof(PosteriorOptions)}.{nameof(Particles)} = {Particles} must be >= 2.");
        }

        if (!(SldNoiseSd > 0) || !(SldNoiseCv >= 0) || !(AncNoiseCv > 0))
        {
            throw new ArgumentException($"{nameof(PosteriorOptions)}: SldNoiseSd and AncNoiseCv must be > 0 and SldNoiseCv >= 0.");
        }

        if (ResampleThreshold is <= 0 or >= 1 || !(ProposalScale > 0) || ResponderFlipProbability is < 0 or > 1 || MaxStages < 1)
        {
            throw new ArgumentException($"{nameof(PosteriorOptions)}: ResampleThreshold must be in (0, 1), ResponderFlipProbability in [0, 1], ProposalScale > 0, MaxStages >= 1.");
        }

        if (MoveSweeps < 0 || Threads < 1)
        {
            throw new ArgumentException($"{nameof(PosteriorOptions)}: MoveSweeps must be >= 0 and Threads >= 1.");
        }
    }
}
