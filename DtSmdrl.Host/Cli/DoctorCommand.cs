using System.CommandLine;
using System.Reflection;
using DtSmdrl.Host.Diagnostics;
using DtSmdrl.Host.Hosting;
using DtSmdrl.Host.Options;
using DtSmdrl.Pipeline.Diagnostics;
using DtSmdrl.Pipeline.Torch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace DtSmdrl.Host.Cli;

/// <summary>`dtsmdrl doctor`: shows the runtime in use and runs a tiny TorchSharp and ML.NET job.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Show the runtime, TorchSharp backend and threads, ML.NET version; run tiny TorchSharp and ML.NET fits");
        command.SetAction(async (parse, cancel) =>
        {
            using var host = DtSmdrlHostBuilder.Create(parse.GetValue(CommandLineApp.ConfigOption)).Build();
            await host.StartAsync(cancel);
            var torchOptions = host.Services.GetRequiredService<IOptions<TorchOptions>>().Value;
            var logger = host.Services.GetRequiredService<ILogger<TorchOptions>>();
            var code = Run(torchOptions, logger, Console.Out);
            await host.StopAsync(cancel);
            return code;
        });
        return command;
    }

    internal static int Run(TorchOptions options, ILogger logger, TextWriter output)
    {
        var native = NativeRuntimeInfo.Probe();
        output.WriteLine($"runtime       {native.LauncherKind}");
        output.WriteLine($"loader        {native.Loader ?? "n/a"}");
        output.WriteLine($".NET          {Environment.Version} ({System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()})");
        output.WriteLine($"ML.NET        {InformationalVersion(typeof(Microsoft.ML.MLContext).Assembly)}");
        output.WriteLine($"TorchSharp    {InformationalVersion(typeof(torch).Assembly)}");

        TorchSetup.Configure(options.Seed, options.IntraOpThreads);
        var device = TorchDeviceSelector.Resolve(options.Device, logger);
        output.WriteLine($"libstdc++     {NativeRuntimeInfo.Probe().LibStdCxx ?? "n/a"}");
        output.WriteLine($"torch backend {TorchSetup.Backend}, device {device.type}, intra-op threads {torch.get_num_threads()}, cores {Environment.ProcessorCount}");
        var cbwr = Environment.GetEnvironmentVariable("MKL_CBWR");
        output.WriteLine($"MKL_CBWR      {cbwr ?? "unset (same-seed trainings in one process may differ in the last bit; eng/dotnet sets COMPATIBLE)"}");

        var results = new[] { SmokeChecks.TorchForwardBackward(options.Seed), SmokeChecks.MlNetFit((int)options.Seed) };
        foreach (var r in results)
            output.WriteLine($"{(r.Passed ? "ok  " : "FAIL")}          {r.Name}: {r.Detail} ({r.Elapsed.TotalMilliseconds:F0} ms)");
        var failed = results.Count(r => !r.Passed);
        output.WriteLine(failed == 0 ? "doctor: all checks passed" : $"doctor: {failed} check(s) failed");
        return failed == 0 ? 0 : 1;
    }

    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
