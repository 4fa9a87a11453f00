namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Running mean and variance of observations (Chan et al.'s parallel update, as in Stable-Baselines3's
/// RunningMeanStd), used to scale inputs to roughly zero mean and unit variance. Its state is part of the
/// policy: it is saved with the weights and restored with them.
/// </summary>
public sealed class ObservationNormalizer
{
    /// <summary>Normalised values are clipped to ±this (Stable-Baselines3's default) so outliers cannot dominate.</summary>
    public const float ClipRange = 10f;

    private const double Epsilon = 1e-8;

    /// <summary>Creates an empty normaliser (count starts at a tiny epsilon, as in SB3, so the first batch dominates).</summary>
    public ObservationNormalizer(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Mean = new double[size];
        Variance = Enumerable.Repeat(1.0, size).ToArray();
        Count = 1e-4;
    }

    /// <summary>Observation length.</summary>
    public int Size => Mean.Length;

    /// <summary>Running mean per feature.</summary>
    public double[] Mean { get; private set; }

    /// <summary>Running (population) variance per feature.</summary>
    public double[] Variance { get; private set; }

    /// <summary>Number of observations seen (plus the initial epsilon).</summary>
    public double Count { get; private set; }

    /// <summary>When true, <see cref="Update"/> does nothing (a fixed input scaling, as meta-learning needs).</summary>
    public bool Frozen { get; set; }

    /// <summary>Adds a batch of <c>rows</c> observations laid out row-major.</summary>
    public void Update(ReadOnlySpan<float> batch, int rows)
    {
        if (Frozen || rows == 0)
            return;
        if (batch.Length != rows * Size)
            throw new ArgumentException($"Observation batch has {batch.Length} values, expected {rows} x {Size}.", nameof(batch));
        for (var j = 0; j < Size; j++)
        {
            double sum = 0;
            for (var r = 0; r < rows; r++)
                sum += batch[r * Size + j];
            var batchMean = sum / rows;
            double squares = 0;
            for (var r = 0; r < rows; r++)
            {
                var d = batch[r * Size + j] - batchMean;
                squares += d * d;
            }
            var total = Count + rows;
            var delta = batchMean - Mean[j];
            var m2 = Variance[j] * Count + squares + delta * delta * Count * rows / total;
            Mean[j] += delta * rows / total;
            Variance[j] = m2 / total;
        }
        Count += rows;
    }

    /// <summary>Writes (x - mean) / sqrt(var + eps), clipped to ±<see cref="ClipRange"/>.</summary>
    public void Normalize(ReadOnlySpan<float> raw, Span<float> normalized)
    {
        if (raw.Length % Size != 0 || normalized.Length != raw.Length)
            throw new ArgumentException($"Observation buffers must be a multiple of {Size} and of equal length (got {raw.Length} and {normalized.Length}).");
        for (var i = 0; i < raw.Length; i++)
        {
            var j = i % Size;
            var z = (raw[i] - Mean[j]) / Math.Sqrt(Variance[j] + Epsilon);
            normalized[i] = (float)Math.Clamp(z, -ClipRange, ClipRange);
        }
    }

    /// <summary>A copy with the same statistics (not frozen).</summary>
    public ObservationNormalizer Clone() => new(Size) { Mean = (double[])Mean.Clone(), Variance = (double[])Variance.Clone(), Count = Count };

    /// <summary>The statistics as a plain record (for JSON).</summary>
    public ObservationNormalizerState ToState() => new(Count, (double[])Mean.Clone(), (double[])Variance.Clone());

    /// <summary>Rebuilds a normaliser from a saved state.</summary>
    public static ObservationNormalizer FromState(ObservationNormalizerState state)
    {
        if (state.Mean.Length == 0 || state.Mean.Length != state.Variance.Length)
            throw new InvalidDataException($"Observation normaliser state has {state.Mean.Length} means and {state.Variance.Length} variances.");
        return new ObservationNormalizer(state.Mean.Length) { Mean = (double[])state.Mean.Clone(), Variance = (double[])state.Variance.Clone(), Count = state.Count };
    }
}

/// <summary>Serialisable statistics of an <see cref="ObservationNormalizer"/>.</summary>
public sealed record ObservationNormalizerState(double Count, double[] Mean, double[] Variance);
