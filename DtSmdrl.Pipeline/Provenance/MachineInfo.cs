using System.Runtime.InteropServices;

namespace DtSmdrl.Pipeline.Provenance;

/// <summary>The machine a number was measured on: every absolute figure is reported with it.</summary>
public sealed record MachineInfo(string CpuModel, int LogicalCores, double MemoryGiB, string Os, string Runtime)
{
    public static MachineInfo Current()
    {
        return new MachineInfo(ReadCpuModel(), Environment.ProcessorCount, ReadMemoryGiB(),
            RuntimeInformation.OSDescription.Trim(), $".NET {Environment.Version} {RuntimeInformation.ProcessArchitecture}");
    }

    public override string ToString() => $"{CpuModel}, {LogicalCores} logical cores, {MemoryGiB:F1} GiB, {Os}, {Runtime}";

    private static string ReadCpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }

    private static double ReadMemoryGiB()
    {
        const string meminfo = "/proc/meminfo";
        if (!File.Exists(meminfo)) return double.NaN;
        var line = File.ReadLines(meminfo).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        if (line is null) return double.NaN;
        var kib = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return kib / 1024.0 / 1024.0;
    }
}
