namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>Derives independent seeds for each random stream (bootstrap, refutations) from the master seed.</summary>
internal static class Seeds
{
    public const int Bootstrap = 1;
    public const int Placebo = 2;
    public const int CommonCause = 3;
    public const int Subset = 4;

    public static int Derive(int master, int stream, int index)
    {
        unchecked
        {
            // A SplitMix-style mix so neighbouring (stream, index) pairs give unrelated seeds.
            var x = (ulong)(uint)master * 0x9E3779B97F4A7C15UL + (ulong)(uint)stream * 0xBF58476D1CE4E5B9UL + (ulong)(uint)index * 0x94D049BB133111EBUL;
            x ^= x >> 30; x *= 0xBF58476D1CE4E5B9UL;
            x ^= x >> 27; x *= 0x94D049BB133111EBUL;
            x ^= x >> 31;
            return (int)(x & 0x7FFFFFFF);
        }
    }
}
