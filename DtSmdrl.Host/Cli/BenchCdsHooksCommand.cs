using System.CommandLine;
using DtSmdrl.Host.Web.CdsHooks;
using DtSmdrl.Pipeline.Provenance;

namespace DtSmdrl.Host.Cli;

/// <summary>`dtsmdrl bench cds-hooks`: only the CDS Hooks latency part of `dtsmdrl bench` (about a minute).</summary>
public static class BenchCdsHooksCommand
{
    public static Command Create()
    {
        var patients = new Option<int>("--patients") { Description = "Patients in the store, called in turn", DefaultValueFactory = _ => 20 };
        var calls = new Option<int>("--calls") { Description = "Timed calls per hook (after 20 warm-up calls)", DefaultValueFactory = _ => 200 };
        var command = new Command("cds-hooks", "Latency (p50, p95, max) of patient-view and order-select calls over loopback for patients whose twin is up to date") { patients, calls };
        command.SetAction(parse =>
        {
            Console.WriteLine($"machine: {MachineInfo.Current()}");
            foreach (var t in CdsHooksBenchmark.Run(parse.GetValue(patients), parse.GetValue(calls), progress: new Progress<string>(s => Console.Error.WriteLine(s))))
                Console.WriteLine($"{t.Hook}: {t.Calls} calls, p50 {t.P50Milliseconds:F1} ms, p95 {t.P95Milliseconds:F1} ms, max {t.MaxMilliseconds:F1} ms, over the time budget {t.OverBudget}");
            return 0;
        });
        return command;
    }
}
