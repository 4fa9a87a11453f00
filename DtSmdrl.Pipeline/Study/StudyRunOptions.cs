using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Study;

/// <summary>How the harness executes methods on the test patients.</summary>
public sealed record StudyRunOptions
{
    /// <summary>Episode settings (metrics.md: 8 cycles of 21 days, follow-up to day 364).</summary>
    public TwinEnvironmentOptions Environment { get; init; } = new();

    /// <summary>Training seeds per learned method (metrics.md: at least 3).</summary>
    public IReadOnlyList<int> TrainingSeeds { get; init; } = [1, 2, 3];

    /// <summary>Evaluation replicates R of the dice per test patient (metrics.md: >= 4 quick, >= 8 full).</summary>
    public int Replicates { get; init; } = 4;

    /// <summary>Oracle replicates R_o the perfect-information planner chooses its plan on (metrics.md: >= 16).</summary>
    public int OracleReplicates { get; init; } = 16;

    /// <summary>Severe-event probability limit of the perfect-information planner (metrics.md: 0.10).</summary>
    public double SevereEventLimit { get; init; } = 0.10;

    /// <summary>
    /// The Q-TWiST weights of J (metrics.md: u_TOX = u_REL = 0.5): those the twin's reward uses
    /// (<see cref="Environment"/>'s <c>Simulation.Rewards</c>), so the study values episodes as the learners were rewarded.
    /// </summary>
    public QtwistUtility Utility => new(Environment.Simulation.Rewards.ToxicityUtility, Environment.Simulation.Rewards.RelapseUtility);

    /// <summary>The arms paired.csv compares every arm against (metrics.md); one absent from the run is skipped.</summary>
    public IReadOnlyList<string> PairedComparators { get; init; } = ["DT-SMDRL", "Supervised Model"];

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
        if (Replicates < 1)
            throw new ArgumentException($"{nameof(StudyRunOptions)}.{nameof(Replicates)} = {Replicates} must be >= 1.");
        if (OracleReplicates < 1)
            throw new ArgumentException($"{nameof(StudyRunOptions)}.{nameof(OracleReplicates)} = {OracleReplicates} must be >= 1.");
        if (!(SevereEventLimit >= 0.0 && SevereEventLimit <= 1.0))
            throw new ArgumentException($"{nameof(StudyRunOptions)}.{nameof(SevereEventLimit)} = {SevereEventLimit} must be in [0, 1].");
        Utility.Validate();
        ArgumentNullException.ThrowIfNull(PairedComparators, nameof(PairedComparators));
        if (BootstrapResamples < 10)
            throw new ArgumentException($"{nameof(StudyRunOptions)}.{nameof(BootstrapResamples)} = {BootstrapResamples} must be >= 10.");
    }
}
