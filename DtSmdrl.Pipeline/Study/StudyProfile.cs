namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Named study sizes. quick: a few minutes on 2 cores (150 test patients, 4 replicates of the dice each);
/// full: the reportable run (1,000 test patients, 8 replicates). Both run at least 3 training seeds (metrics.md).
/// </summary>
public sealed record StudyProfile(string Name, int CohortSize, int BootstrapResamples, IReadOnlyList<int> TrainingSeeds, int Replicates)
{
    public static StudyProfile Quick { get; } = new("quick", 750, 1000, [1, 2, 3], 4);

    public static StudyProfile Full { get; } = new("full", 5000, 1000, [1, 2, 3, 4, 5], 8);

    public static StudyProfile Parse(string name) => name.ToLowerInvariant() switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => throw new ArgumentException($"Unknown study profile '{name}': expected 'quick' or 'full'."),
    };
}
