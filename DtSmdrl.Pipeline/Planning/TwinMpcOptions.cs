using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin.Inference;

namespace DtSmdrl.Pipeline.Planning;

/// <summary>Settings of the Twin-MPC reference arm (<see cref="TwinMpcMethod"/>).</summary>
public sealed record TwinMpcOptions
{
    /// <summary>The study's episode settings (actions, rewards, horizon, follow-up); the search maximises the same reward.</summary>
    public TwinEnvironmentOptions Environment { get; init; } = new();

    /// <summary>
    /// Posterior twin samples M on which the candidate plans are valued at each decision. 24 keeps the quick study's
    /// Twin-MPC row within about 4 minutes on 2 cores (bench twin-mpc); the 10% limit then allows 2 of 24 samples with a severe event.
    /// </summary>
    public int Samples { get; init; } = 24;

    /// <summary>
    /// Samples (the first of the M) on which every remaining plan is screened when more than
    /// <see cref="RefinedPlans"/> remain; the best screened plans are then valued on all M.
    /// </summary>
    public int ScreeningSamples { get; init; } = 4;

    /// <summary>Plans kept by the screen and valued on all M samples (no screen when at most this many remain).</summary>
    public int RefinedPlans { get; init; } = 16;

    /// <summary>
    /// Largest acceptable probability of a severe event in the episode (the study's 10% limit): each plan's share of samples
    /// with an event from the decision on, plus the first-block shares of the blocks already executed.
    /// </summary>
    public double SevereEventLimit { get; init; } = 0.10;

    /// <summary>
    /// Solver step of the search simulations, days (must divide a day). 0.5 halves the cost of the environment's 0.25;
    /// Twin/Inference/PosteriorOptions measured its effect on SLD and ANC as well under their measurement noise.
    /// </summary>
    public double SearchStepSize { get; init; } = 0.5;

    /// <summary>
    /// Particle posterior of the default (biomarker-prior) belief; its Seed is replaced per patient. Fewer particles and
    /// sweeps than the closed loop's defaults (Twin/README.md: 100 x 2 covers 76% of nominal 90% intervals, 500 x 5 87%):
    /// the updates were half of an episode's planning time at 200 x 2.
    /// </summary>
    public PosteriorOptions Posterior { get; init; } = new() { Particles = 128, MoveSweeps = 2, StepSize = 0.5 };

    /// <summary>Worker threads over patients (results do not depend on it).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Environment, nameof(Environment));
        ArgumentNullException.ThrowIfNull(Posterior, nameof(Posterior));
        Environment.Validate();
        Posterior.Validate();
        if (Samples < 1)
        {
            throw new ArgumentException($"{nameof(TwinMpcOptions)}.{nameof(Samples)} = {Samples} must be >= 1.");
        }

        if (ScreeningSamples < 1 || ScreeningSamples > Samples)
        {
            throw new ArgumentException($"{nameof(TwinMpcOptions)}.{nameof(ScreeningSamples)} = {ScreeningSamples} must be in [1, {nameof(Samples)} = {Samples}].");
        }

        if (RefinedPlans < 1)
        {
            throw new ArgumentException($"{nameof(TwinMpcOptions)}.{nameof(RefinedPlans)} = {RefinedPlans} must be >= 1.");
        }

        if (SevereEventLimit is < 0 or > 1 || double.IsNaN(SevereEventLimit))
        {
            throw new ArgumentException($"{nameof(TwinMpcOptions)}.{nameof(SevereEventLimit)} = {SevereEventLimit} must be in [0, 1].");
        }

        var perDay = 1.0 / SearchStepSize;
        if (!(SearchStepSize > 0) || Math.Abs(Math.Round(perDay) - perDay) > 1e-9)
        {
            throw new ArgumentException($"{nameof(TwinMpcOptions)}.{nameof(SearchStepSize)} = {SearchStepSize} must be > 0 and divide one day evenly.");
        }

        if (Threads < 1)
        {
            throw new ArgumentException($"{nameof(TwinMpcOptions)}.{nameof(Threads)} = {Threads} must be >= 1.");
        }
    }
}
