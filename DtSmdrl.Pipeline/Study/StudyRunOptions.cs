using DtSmdrl.Pipeline.Env;

namespace DtSmdrl.Pipeline.Study;

/// <summary>How the harness executes methods on the test patients.</summary>
public sealed record StudyRunOptions
{
    /// <summary>Episode settings (metrics.md: 8 cycles of 21 days, follow-up to day 364).</summary>
    public TwinEnvironmentOptions Environment { get; init; } = new();

    /// <summary>Training seeds per learned method (metrics.md: at least 3).</summary>
    public IReadOnlyList<int> TrainingSeeds { get; init; } = [1, 2, 3];

    /// <summary>Worker threads for the oracle and the episodes; results do not depend on it.</summary>
    public int Threads { get; init; } = Math.Max(1, System.Environment.ProcessorCount);

    /// <summary>Bootstrap resamples over test patients (metrics.md: 1,000).</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>Seed of the bootstrap resampling.</summary>
    public int BootstrapSeed { get; init; } = 20_261_126;

    /// <summary>Show progress bars on stderr.</summary>
    public bool ShowProgress { get; init; } = true;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Environment, nameof(Environment));
        Environment.Validate();
        if (TrainingSeeds is null || TrainingSeeds.Count == 0)
            throw new ArgumentException($"{nameof(StudyRunOptions)}.{nameof(TrainingSeeds)} needs at least one seed.");
        if (Threads < 1)
            throw new ArgumentException($"{nameof(StudyRunOptions)}.{nameof(Threads)} = {Threads} must be >= 1.");
        if (BootstrapResamples < 10)
            throw new ArgumentException($"{nameof(StudyRunOptions)}.{nameof(BootstrapResamples)} = {BootstrapResamples} must be >= 10.");
    }
}
