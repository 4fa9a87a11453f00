namespace DtSmdrl.Pipeline.Cohort;

/// <summary>cohort.json: how a cohort folder was made, and fingerprints of its files.</summary>
public sealed record CohortManifest
{
    public int FormatVersion { get; init; } = 1;

    /// <summary>How the cohort was generated; <see cref="CohortOptions.Population"/> holds the whole population when it was not the built-in one.</summary>
    public required CohortOptions Options { get; init; }

    /// <summary>SHA-256 of the population file the cohort was drawn from, or "built-in defaults" (<see cref="CohortOptions.PopulationSource"/>).</summary>
    public string Population { get; init; } = CohortOptions.BuiltInPopulation;

    public required int Train { get; init; }

    public required int Validation { get; init; }

    public required int Test { get; init; }

    /// <summary>File name to SHA-256.</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ResponseDrivers { get; init; } = TrueDrivers.Response;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ToxicityDrivers { get; init; } = TrueDrivers.Toxicity;

    public string GitCommit { get; init; } = Provenance.BuildInfo.GitCommit;
}
