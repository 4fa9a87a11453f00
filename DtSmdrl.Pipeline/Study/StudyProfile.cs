namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Named study sizes. quick: finishes in a few minutes on 2 cores (150 test patients);
/// full: the reportable run (1,000 test patients).
/// </summary>
public sealed record StudyProfile(string Name, int CohortSize, int BootstrapResamples, IReadOnlyList<int> TrainingSeeds)
{
    public static StudyProfile Quick { get; } = new("quick", 750, 1000, [1, 2, 3]);

    public static StudyProfile Full { get; } = new("full", 5000, 1000, [1, 2, 3, 4, 5]);

    public static StudyProfile Parse(string name) => name.ToLowerInvariant() switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => throw new ArgumentException($"Unknown study profile '{name}': expected 'quick' or 'full'."),
    };
}
