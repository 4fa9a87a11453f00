using System.CommandLine;
using System.Globalization;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Plugins.BuiltIn.Explainers.Evaluation;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl explain evaluate`: trains the supervised baseline and the fusion transformer on a cohort for several
/// seeds, scores every built-in explainer against the generator's true drivers (driver recovery, attribution
/// consistency across seeds, time per explanation) and the response probabilities' calibration before and after
/// temperature scaling and isotonic regression; prints the tables and writes CSV files.
/// </summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var command = new Command("explain", "Explanations of recommendations and their evaluation against ground truth");
        command.Subcommands.Add(Evaluate());
        return command;
    }

    private static Command Evaluate()
    {
        var cohort = new Option<string>("--cohort") { Description = "Cohort folder (from `dtsmdrl synth`)", Required = true };
        var seed = CommonOptions.Seed();
        var seeds = new Option<int>("--seeds") { Description = "Training seeds per model (consistency needs >= 2)", DefaultValueFactory = _ => new ExplainerEvaluationOptions().Seeds };
        var patients = new Option<int>("--patients") { Description = "Test patients explained (the first of the test split)", DefaultValueFactory = _ => new ExplainerEvaluationOptions().ExplainedPatients };
        var output = CommonOptions.Out("explain-out");
        var command = new Command("evaluate", "Driver recovery, attribution consistency and time per explanation of every explainer; ECE before/after calibration")
        {
            cohort, seed, seeds, patients, output,
        };
        command.SetAction(parse =>
        {
            var options = new ExplainerEvaluationOptions { Seed = parse.GetValue(seed), Seeds = parse.GetValue(seeds), ExplainedPatients = parse.GetValue(patients) };
            var loaded = CohortFolder.Load(parse.GetValue(cohort)!);
            var result = ExplainerEvaluation.Run(loaded, options, new SynchronousProgress<string>(Console.Error.WriteLine));
            var folder = parse.GetValue(output)!;
            result.Write(folder);
            Console.WriteLine($"Explainers ({options.Seeds} seeds from {options.Seed}, {options.ExplainedPatients} test patients, regimens {string.Join(", ", result.Regimens)}):");
            Console.WriteLine(result.Table());
            Console.WriteLine("Calibration of response probabilities (test split, calibrators fitted on validation):");
            Console.WriteLine(result.CalibrationTable());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Seconds:F1} s; CSV files in {Path.GetFullPath(folder)}"));
            return 0;
        });
        return command;
    }
}
