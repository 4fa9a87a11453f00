using System.Globalization;

namespace DtSmdrl.Pipeline.Provenance;

/// <summary>
/// The double-precision AVX2/FMA peak the twin's throughput is compared with: cores x GHz x 4 doubles per vector
/// x 2 FMA units x 2 flops per FMA (16 flops per cycle per core, as on Zen 3 or Haswell and later), GHz being the
/// largest "cpu MHz" in /proc/cpuinfo at the time of the call (the clock the kernel reports, not a turbo table).
/// </summary>
public static class CpuPeak
{
    /// <summary>Flops per cycle per core counted in the peak.</summary>
    public const int FlopsPerCyclePerCore = 4 * 2 * 2;

    /// <summary>GHz from /proc/cpuinfo, NaN when it cannot be read.</summary>
    public static double GigahertzFromCpuInfo()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return double.NaN;
        var best = double.NaN;
        foreach (var line in File.ReadLines(cpuinfo))
        {
            if (!line.StartsWith("cpu MHz", StringComparison.Ordinal)) continue;
            if (double.TryParse(line[(line.IndexOf(':') + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var mhz)
                && !(mhz / 1000.0 <= best))
                best = mhz / 1000.0;
        }

        return best;
    }

    /// <summary>Peak GFLOP/s of <paramref name="cores"/> cores at <paramref name="gigahertz"/>.</summary>
    public static double Gflops(int cores, double gigahertz) => cores * gigahertz * FlopsPerCyclePerCore;
}
