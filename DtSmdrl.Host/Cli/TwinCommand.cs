using System.CommandLine;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Evaluation.Prior;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Twin.Calibration;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl twin calibrate`: the efficacy and toxicity calibration tables, simulated next to published trials.
/// `dtsmdrl twin prior-eval`: the learned twin prior against the biomarker and population priors on a cohort's test patients.
/// </summary>
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
        return new Command("twin", "Digital twin tools") { calibrate, PriorEval() };
    }

    private static Command PriorEval()
    {
        var cohort = new Option<string>("--cohort") { Description = "Cohort folder (from `dtsmdrl synth`)", Required = true };
        var folds = new Option<int>("--folds") { Description = "Cross-fitting folds over the training patients", DefaultValueFactory = _ => new LearnedTwinPriorOptions().Folds };
        var particles = new Option<int>("--particles")
        {
            Description = "Particles of each training course's posterior fit",
            DefaultValueFactory = _ => new LearnedTwinPriorOptions().Posterior.Particles,
        };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var output = CommonOptions.Out("prior-eval-out");
        var quiet = CommonOptions.Quiet();
        var command = new Command("prior-eval",
            "Fit the course posteriors of the training patients, cross-fit the learned twin prior (LightGBM and linear) and score it, the biomarker prior and the population prior against the test patients' true latents (CRPS, 90% coverage) and responder status (Brier, ECE, beside the Bayes ceiling); writes prior_eval.csv and prior_eval.md")
        {
            cohort, folds, particles, seed, threads, output, quiet,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(cohort)!;
            var defaults = new LearnedTwinPriorOptions();
            var options = defaults with
            {
                Folds = parse.GetValue(folds),
                Threads = parse.GetValue(threads),
                Posterior = defaults.Posterior with { Particles = parse.GetValue(particles) },
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"dtsmdrl twin prior-eval: {e.Message}");
                return 2;
            }

            var loaded = CohortFolder.Load(folder);
            IProgress<string>? progress = parse.GetValue(quiet) ? null : new SynchronousProgress<string>(m => Console.Error.WriteLine($"prior-eval: {m}"));
            var report = PriorEvaluation.Run(loaded, options, parse.GetValue(seed), progress);
            var outputFolder = parse.GetValue(output)!;
            PriorEvaluationWriter.Write(outputFolder, report);
            Console.Write(PriorEvaluationWriter.Markdown(report));
            Console.WriteLine($"wrote {Path.Combine(outputFolder, PriorEvaluationWriter.CsvFile)} and {PriorEvaluationWriter.MarkdownFile}");
            return 0;
        });
        return command;
    }
}
