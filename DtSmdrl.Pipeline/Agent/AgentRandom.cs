using System.Numerics;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// xoshiro256** (Blackman and Vigna 2018) seeded with SplitMix64. Used instead of <see cref="Random"/>
/// because its four-word state can be saved in a checkpoint and restored exactly.
/// </summary>
public sealed class AgentRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from a seed; equal seeds give equal streams.</summary>
    public AgentRandom(long seed)
    {
        var x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The generator state, for checkpoints.</summary>
    public ulong[] State
    {
        get => [_s0, _s1, _s2, _s3];
        set
        {
            if (value is not { Length: 4 } || (value[0] | value[1] | value[2] | value[3]) == 0)
                throw new ArgumentException("AgentRandom state must be four words, not all zero.", nameof(value));
            (_s0, _s1, _s2, _s3) = (value[0], value[1], value[2], value[3]);
        }
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>) (Lemire's unbiased method).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var range = (ulong)maxExclusive;
        var threshold = (0 - range) % range;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), range, out var low);
            if (low >= threshold)
                return (int)product;
        }
    }

    /// <summary>Standard normal sample (Box-Muller; the second value is discarded to keep the state simple).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A fresh 63-bit seed for a child generator or an environment.</summary>
    public long NextSeed() => (long)(NextUInt64() >> 1);

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle(Span<int> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
