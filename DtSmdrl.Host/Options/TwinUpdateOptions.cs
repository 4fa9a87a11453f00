using System.ComponentModel.DataAnnotations;
using DtSmdrl.Pipeline.Twin.Inference;

namespace DtSmdrl.Host.Options;

/// <summary>The update-twins job's posterior sampler, bound from the "Twin" configuration section.</summary>
public sealed class TwinUpdateOptions
{
    public const string Section = "Twin";

    /// <summary>Particles of each patient's posterior.</summary>
    [Range(16, 100_000, ErrorMessage = "Twin:Particles must be 16-100000.")]
    public int Particles { get; set; } = 200;

    /// <summary>Metropolis-Hastings sweeps after each resampling.</summary>
    [Range(0, 50, ErrorMessage = "Twin:MoveSweeps must be 0-50.")]
    public int MoveSweeps { get; set; } = 2;

    /// <summary>Solver step of the particle simulations, days (0.25 or 0.5; see PosteriorOptions.StepSize).</summary>
    [Range(0.05, 1.0, ErrorMessage = "Twin:StepSize must be 0.05-1 day.")]
    public double StepSize { get; set; } = 0.5;

    /// <summary>Base seed; each patient's sampler is seeded from it and the patient id, so a re-run gives the same posterior.</summary>
    public int Seed { get; set; } = 1;

    public PosteriorOptions ToPosteriorOptions(int seed) => new()
    {
        Particles = Particles, MoveSweeps = MoveSweeps, StepSize = StepSize, Seed = seed, Threads = 1,
    };
}
