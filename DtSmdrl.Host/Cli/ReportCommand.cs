using System.CommandLine;
using DtSmdrl.Pipeline.Report;

namespace DtSmdrl.Host.Cli;

/// <summary>`dtsmdrl report --study DIR`: regenerates report.md, report.html and the figures of an existing study folder.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var study = new Option<string>("--study") { Description = "Study output folder (holds metrics.csv, per_patient.csv, manifest.json)", Required = true };
        var command = new Command("report", "Regenerate report.md, report.html and figures/ from an existing `dtsmdrl study` folder") { study };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(study)!;
            try
            {
                var (md, html) = StudyReport.Write(folder);
                Console.WriteLine($"Written {Path.GetFullPath(md)} and {Path.GetFullPath(html)}.");
                return 0;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"dtsmdrl report: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
