using System.CommandLine;
using DtSmdrl.Pipeline.Twin.Calibration;

namespace DtSmdrl.Host.Cli;

/// <summary>`dtsmdrl twin calibrate`: the calibration table, simulated next to published trials.</summary>
public static class TwinCommand
{
    public static Command Create()
    {
        var calibrate = new Command("calibrate", "Run the guideline arms on virtual trial populations and print the calibration table (twin-models.md section 7)");
        calibrate.SetAction(_ =>
        {
            var rows = new TwinCalibration().Run();
            Console.WriteLine(TwinCalibration.FormatTable(rows));
            var failed = rows.Count(r => !r.Passed);
            Console.WriteLine(failed == 0 ? $"calibration: all {rows.Count} rows within tolerance" : $"calibration: {failed} of {rows.Count} rows MISS their target");
            return failed == 0 ? 0 : 1;
        });
        return new Command("twin", "Digital twin tools") { calibrate };
    }
}
