using System.CommandLine;
using DtSmdrl.Pipeline.Twin.Calibration;

namespace DtSmdrl.Host.Cli;

/// <summary>`dtsmdrl twin calibrate`: the efficacy and toxicity calibration tables, simulated next to published trials.</summary>
public static class TwinCommand
{
    public static Command Create()
    {
        var calibrate = new Command("calibrate", "Run the guideline arms on virtual trial populations and print the efficacy and toxicity calibration tables (twin-models.md section 7)");
        calibrate.SetAction(_ =>
        {
            var calibration = new TwinCalibration();
            var rows = calibration.Run();
            Console.WriteLine("Efficacy");
            Console.WriteLine(TwinCalibration.FormatTable(rows));
            var toxicity = calibration.RunToxicity();
            Console.WriteLine("Toxicity: share of patients with any grade >= 3 treatment-related event over the course");
            Console.WriteLine(TwinCalibration.FormatToxicityTable(toxicity));
            var total = rows.Count + toxicity.Count;
            var failed = rows.Count(r => !r.Passed) + toxicity.Count(r => !r.Passed);
            Console.WriteLine(failed == 0 ? $"calibration: all {total} rows within tolerance" : $"calibration: {failed} of {total} rows MISS their target");
            return failed == 0 ? 0 : 1;
        });
        return new Command("twin", "Digital twin tools") { calibrate };
    }
}
