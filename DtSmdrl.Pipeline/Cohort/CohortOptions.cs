namespace DtSmdrl.Pipeline.Cohort;

/// <summary>Settings of the synthetic multimodal cohort (see <see cref="SyntheticCohortGenerator"/>).</summary>
public sealed record CohortOptions
{
    /// <summary>Number of patients (100 to 1,000,000 are streamed to disk without holding all in memory).</summary>
    public int Size { get; init; } = 1000;

    /// <summary>Master seed: the same seed gives the same cohort, byte for byte.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Share of patients in the training split (metrics.md: 60/20/20).</summary>
    public double TrainFraction { get; init; } = 0.6;

    /// <summary>Share in the validation split; the rest is the test split.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Calendar date of the first decision point (records carry real timestamps).</summary>
    public DateTimeOffset StartDate { get; init; } = new(2024, 1, 8, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Multiplies every measurement noise of the observed features (1 = the documented levels; 2 = the robustness check).</summary>
    public double NoiseScale { get; init; } = 1.0;

    /// <summary>Multiplies every modality's missingness probability (0 = complete records).</summary>
    public double MissingnessScale { get; init; } = 1.0;

    /// <summary>Decision cycles of the retrospective (clinician-treated) course.</summary>
    public int RetrospectiveCycles { get; init; } = 8;

    /// <summary>Patients simulated together in one batch.</summary>
    public int ChunkSize { get; init; } = 1024;

    /// <summary>The population drawn from (null: the built-in defaults, <see cref="CohortPopulation.Default"/>).</summary>
    public CohortPopulation? Population { get; init; }

    /// <summary>SHA-256 of the population file <see cref="Population"/> was read from (null when it was not read from a file).</summary>
    public string? PopulationSha256 { get; init; }

    /// <summary>What the manifests record as the population: the file's SHA-256, or "built-in defaults".</summary>
    public string PopulationSource() =>
        PopulationSha256 ?? (Population is null ? BuiltInPopulation : "population built in code (no file)");

    /// <summary>The manifests' name for the built-in population.</summary>
    public const string BuiltInPopulation = "built-in defaults";

    public void Validate()
    {
        if (Size < 1 || Size > 10_000_000) throw new ArgumentException($"{nameof(CohortOptions)}.{nameof(Size)} = {Size} must be 1 to 10,000,000.");
        if (!(TrainFraction > 0) || !(ValidationFraction >= 0) || TrainFraction + ValidationFraction >= 1)
            throw new ArgumentException($"{nameof(CohortOptions)}: TrainFraction {TrainFraction} and ValidationFraction {ValidationFraction} must be positive and leave room for a test split.");
        if (!(NoiseScale >= 0) || !double.IsFinite(NoiseScale)) throw new ArgumentException($"{nameof(CohortOptions)}.{nameof(NoiseScale)} = {NoiseScale} must be >= 0.");
        if (!(MissingnessScale >= 0) || !double.IsFinite(MissingnessScale)) throw new ArgumentException($"{nameof(CohortOptions)}.{nameof(MissingnessScale)} = {MissingnessScale} must be >= 0.");
        if (RetrospectiveCycles < 1) throw new ArgumentException($"{nameof(CohortOptions)}.{nameof(RetrospectiveCycles)} = {RetrospectiveCycles} must be >= 1.");
        if (ChunkSize < 1) throw new ArgumentException($"{nameof(CohortOptions)}.{nameof(ChunkSize)} = {ChunkSize} must be >= 1.");
        Population?.Validate();
    }
}
