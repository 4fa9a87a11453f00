namespace DtSmdrl.Pipeline.Preprocessing;

/// <summary>How numeric features are scaled (statistics fitted on the training data only).</summary>
public enum NormalizationKind
{
    /// <summary>(x - mean) / standard deviation (ML.NET NormalizeMeanVariance).</summary>
    MeanVariance,
    /// <summary>(x - median) / interquartile range (ML.NET NormalizeRobustScaling, quantiles 25 and 75).</summary>
    Robust,
}

/// <summary>Options of <see cref="DtSmdrlCatalog.FeaturizePatient(PatientFeaturizerOptions)"/>.</summary>
public sealed record PatientFeaturizerOptions
{
    /// <summary>Scaling of the numeric blocks. Default mean-variance.</summary>
    public NormalizationKind Normalization { get; init; } = NormalizationKind.MeanVariance;

    /// <summary>Featurise the free-text note (word n-gram bag, L2-normalised). Default true.</summary>
    public bool IncludeNote { get; init; } = true;

    /// <summary>Longest word n-gram of the note featuriser (all shorter lengths included). Default 2.</summary>
    public int NoteNgramLength { get; init; } = 2;

    public void Validate()
    {
        if (!Enum.IsDefined(Normalization))
            throw new ArgumentOutOfRangeException(nameof(Normalization), Normalization, "Unknown normalisation.");
        if (NoteNgramLength is < 1 or > 3)
            throw new ArgumentOutOfRangeException(nameof(NoteNgramLength), NoteNgramLength, "Note n-gram length must be 1 to 3.");
    }
}
