namespace DtSmdrl.Host.Diagnostics;

/// <summary>What native runtime this process really uses: read from the loader's map, not assumed.</summary>
public sealed record NativeRuntimeInfo(string LauncherKind, string? Loader, string? LibStdCxx)
{
    /// <summary>Reads /proc/self/maps (Linux) for the dynamic loader and libstdc++ actually mapped.</summary>
    public static NativeRuntimeInfo Probe()
    {
        var kind = Environment.GetEnvironmentVariable("DTSMDRL_RUNTIME_KIND") ?? "unknown (not started through eng/dotnet)";
        string? loader = null, libstdcxx = null;
        const string maps = "/proc/self/maps";
        if (File.Exists(maps))
        {
            foreach (var line in File.ReadLines(maps))
            {
                var slash = line.IndexOf('/');
                if (slash < 0) continue;
                var path = line[slash..];
                if (loader is null && path.Contains("/ld-linux", StringComparison.Ordinal)) loader = path;
                if (libstdcxx is null && path.Contains("/libstdc++.so", StringComparison.Ordinal)) libstdcxx = path;
            }
        }
        return new NativeRuntimeInfo(kind, loader, libstdcxx);
    }
}
