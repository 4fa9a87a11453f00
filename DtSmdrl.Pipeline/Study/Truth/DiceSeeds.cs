namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>
/// The seeds of the dice (measurement noise, irAE draws, the death draw) per (patient, replicate, purpose), by a
/// counter-based hash: SplitMix64 applied to the patient's dice seed, then the purpose, then the replicate index.
/// Evaluation replicate r of a patient gets the same seed for every method (common random numbers); oracle replicates
/// use another purpose, so the perfect-information planner chooses its plan on dice independent of those it is valued on.
/// </summary>
public static class DiceSeeds
{
    // Arbitrary distinct constants ("EVALDICE", "ORCLDICE" in ASCII); changing them changes every study result.
    private const ulong EvaluationPurpose = 0x4556414C44494345UL;
    private const ulong OraclePurpose = 0x4F52434C44494345UL;

    /// <summary>Seed of evaluation replicate <paramref name="replicate"/> of the patient with dice seed <paramref name="diceSeed"/>.</summary>
    public static ulong Evaluation(ulong diceSeed, int replicate) => Derive(diceSeed, EvaluationPurpose, replicate);

    /// <summary>Seed of oracle replicate <paramref name="replicate"/> (the planner's choice of plan); independent of the evaluation seeds.</summary>
    public static ulong Oracle(ulong diceSeed, int replicate) => Derive(diceSeed, OraclePurpose, replicate);

    /// <summary>The SplitMix64 output function of x (add the golden gamma, then the variant-13 finaliser).</summary>
    public static ulong SplitMix64(ulong x)
    {
        var z = x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Derive(ulong diceSeed, ulong purpose, int replicate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicate);
        return SplitMix64(SplitMix64(SplitMix64(diceSeed) ^ purpose) + (ulong)replicate);
    }
}
