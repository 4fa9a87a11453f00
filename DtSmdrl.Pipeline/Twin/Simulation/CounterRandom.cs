using System.Runtime.CompilerServices;

namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// Counter-based random numbers for common random numbers: the draw for (patient seed, stream,
/// counter) is a pure function (SplitMix64 finaliser), so a patient's k-th scan noise or k-th cycle's
/// irAE draw is the same whatever actions were taken before, in any thread order, without state.
/// </summary>
public static class CounterRandom
{
    /// <summary>Stream of the death threshold (one Exp(1) per patient).</summary>
    public const ulong DeathStream = 1;
    /// <summary>Stream of the per-cycle irAE occurrence draws.</summary>
    public const ulong IraeStream = 2;
    /// <summary>Stream of the per-cycle irAE onset-day draws.</summary>
    public const ulong IraeOnsetStream = 3;
    /// <summary>Stream of SLD measurement noise (indexed by scan).</summary>
    public const ulong SldNoiseStream = 4;
    /// <summary>Stream of ANC measurement noise (indexed by blood count).</summary>
    public const ulong AncNoiseStream = 5;
    /// <summary>Stream for experiment-specific draws (e.g. per-decision death in the reference simulator).</summary>
    public const ulong ExperimentStream = 6;
    /// <summary>Stream of the per-cycle grade >= 3 targeted-therapy event occurrence draws.</summary>
    public const ulong TargetedEventStream = 7;
    /// <summary>Stream of the per-cycle targeted-therapy event onset-day draws.</summary>
    public const ulong TargetedEventOnsetStream = 8;

    /// <summary>64 random bits for (seed, stream, counter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(ulong seed, ulong stream, ulong counter)
    {
        var z = seed * 0x9E3779B97F4A7C15UL + stream * 0xD1B54A32D192ED03UL + counter * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL;
        z = Mix(z);
        return Mix(z ^ seed);
    }

    /// <summary>A uniform draw in the open interval (0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform(ulong seed, ulong stream, ulong counter) =>
        ((Bits(seed, stream, counter) >> 11) + 0.5) * (1.0 / 9007199254740992.0);

    /// <summary>A standard normal draw (Box-Muller on two counter draws).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Normal(ulong seed, ulong stream, ulong counter)
    {
        var u1 = Uniform(seed, stream, 2 * counter);
        var u2 = Uniform(seed, stream, 2 * counter + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>An Exp(1) draw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exponential(ulong seed, ulong stream, ulong counter) => -Math.Log(Uniform(seed, stream, counter));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
