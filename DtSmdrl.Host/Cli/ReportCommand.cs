using System.CommandLine;
using DtSmdrl.Pipeline.Report;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl report --study DIR`: regenerates report.md, report.html and the figures of an existing study folder from
/// the files the study wrote there (nothing is re-simulated). A missing or unreadable input file ends with one line
/// naming the file (and record and field where there is one) and exit code 4.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var study = new Option<string>("--study") { Description = "Study output folder (holds metrics.csv, paired.csv, qtwist_sensitivity.csv, per_patient.csv, manifest.json)", Required = true };
        var command = new Command("report", "Regenerate report.md, report.html and figures/ from an existing `dtsmdrl study` folder") { study };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(study)!;
            try
            {
                var (md, html) = StudyReport.Write(folder);
                Console.WriteLine($"Written {Path.GetFullPath(md)} and {Path.GetFullPath(html)}.");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"dtsmdrl report: {e.Message}");
                return ExitCodes.BadInputFile;
            }
        });
        return command;
    }
}
