using System.CommandLine;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Evaluation.Progress;

namespace DtSmdrl.Host.Cli;

/// <summary>`dtsmdrl synth`: writes a synthetic multimodal cohort with ground truth to a folder.</summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--patients") { Description = "Number of patients (streamed to disk)", DefaultValueFactory = _ => 1000 };
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out("cohort");
        var noise = new Option<double>("--noise-scale") { Description = "Multiplier of the observation noise", DefaultValueFactory = _ => 1.0 };
        var missing = new Option<double>("--missingness-scale") { Description = "Multiplier of the modality missingness", DefaultValueFactory = _ => 1.0 };
        var quiet = CommonOptions.Quiet();
        var command = new Command("synth", "Generate a synthetic multimodal NSCLC cohort: observed records, retrospective outcomes, splits and (separately) the true twins")
        {
            size, seed, output, noise, missing, quiet,
        };
        command.SetAction(parse =>
        {
            var options = new CohortOptions
            {
                Size = parse.GetValue(size),
                Seed = parse.GetValue(seed),
                NoiseScale = parse.GetValue(noise),
                MissingnessScale = parse.GetValue(missing),
            };
            options.Validate();
            var folder = parse.GetValue(output)!;
            using var bar = parse.GetValue(quiet) ? null : new ProgressBar("synth", options.Size);
            var manifest = CohortFolder.Write(folder, new SyntheticCohortGenerator(options), bar);
            bar?.Complete();
            Console.WriteLine($"cohort: {options.Size} patients (train {manifest.Train}, validation {manifest.Validation}, test {manifest.Test}) in {Path.GetFullPath(folder)}");
            Console.WriteLine($"patients.jsonl sha256 {manifest.Files[CohortFolder.Patients]}");
            return 0;
        });
        return command;
    }
}
