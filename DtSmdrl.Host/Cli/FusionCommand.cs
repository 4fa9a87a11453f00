using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Fusion.Evaluation;
using DtSmdrl.Pipeline.Fusion.MlNet;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Prior;
using Microsoft.ML;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl fusion evaluate`: trains the fusion transformer on a cohort's train split (early stopping on validation) and reports
/// on test, side by side with LightGBM; saves the whole pipeline as one bundle. `dtsmdrl fusion predict`: loads such a bundle
/// (in a fresh process) and writes the predictions of a split, in the same CSV format, so the two files can be compared byte for byte.
/// </summary>
public static class FusionCommand
{
    public static Command Create()
    {
        var command = new Command("fusion", "Multimodal fusion transformer: evaluate on a cohort, predict with a saved pipeline");
        command.Subcommands.Add(Evaluate());
        command.Subcommands.Add(Predict());
        return command;
    }

    private static Command Evaluate()
    {
        var cohort = new Option<string>("--cohort") { Description = "Cohort folder (from `dtsmdrl synth`; the quick profile uses --patients 750)", Required = true };
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out("fusion-out");
        var epochs = new Option<int>("--epochs") { Description = "Maximum fusion training epochs (early stopping on validation)", DefaultValueFactory = _ => new FusionEvaluationOptions().Model.Epochs };
        var mcPasses = new Option<int>("--mc-passes") { Description = "MC-dropout passes at test time", DefaultValueFactory = _ => new FusionEvaluationOptions().McPasses };
        var command = new Command("evaluate", "Train the fusion transformer on train, report held-out AUC/Brier, twin-prior error, robustness to missing modalities and cost against LightGBM; write CSVs and the pipeline bundle")
        {
            cohort, seed, output, epochs, mcPasses,
        };
        command.SetAction(parse =>
        {
            var wall = Stopwatch.StartNew();
            var folder = parse.GetValue(cohort)!;
            var outFolder = parse.GetValue(output)!;
            var defaults = new FusionEvaluationOptions();
            var options = defaults with
            {
                Seed = parse.GetValue(seed),
                Model = defaults.Model with { Epochs = parse.GetValue(epochs) },
                McPasses = parse.GetValue(mcPasses),
            };
            var progress = new SynchronousProgress<string>(line => Console.Error.WriteLine($"[{wall.Elapsed:mm\\:ss}] {line}"));
            var study = CohortFolder.Load(folder);
            var outcome = FusionEvaluation.Run(study, options, progress);
            using var pipeline = outcome.Pipeline;
            Console.WriteLine(FusionEvaluationTables.Text(outcome.Report));
            foreach (var file in FusionEvaluationTables.WriteCsv(outcome.Report, outFolder))
                Console.Error.WriteLine($"wrote {file}");

            var bundle = Path.Combine(outFolder, "fusion-pipeline.zip");
            var (auc, brier) = FusionEvaluationTables.MeanHeads(outcome.Report, FusionEvaluation.Fusion, FusionEvaluationReport.AllModalities);
            var metrics = new JsonObject
            {
                ["test_mean_auc"] = auc, ["test_mean_brier"] = brier,
                ["test_mean_latent_crps"] = FusionEvaluationTables.MeanLatent(outcome.Report, FusionEvaluation.Fusion, FusionEvaluationReport.AllModalities, s => s.Crps)
            };
            pipeline.Save(new MLContext(options.Seed), bundle, study.Manifest.Files[CohortFolder.Patients], metrics);
            var predictions = Path.Combine(outFolder, "fusion-test-predictions.csv");
            WritePredictions(predictions, outcome.TestPatients, outcome.TestPredictions, pipeline.Fusion.Options);

            // Same-process check with a fresh MLContext; `dtsmdrl fusion predict` repeats it in a fresh process.
            using var loaded = FusionPipeline.Load(new MLContext(options.Seed + 1), bundle);
            var again = loaded.Predict(PatientDataView.Create(new MLContext(options.Seed + 2), outcome.TestPatients.Select(p => p.Observed).ToList()));
            var identical = again.Length == outcome.TestPredictions.Length && again.Zip(outcome.TestPredictions).All(p => Same(p.First, p.Second));
            Console.WriteLine($"pipeline bundle: {Path.GetFullPath(bundle)} ({new FileInfo(bundle).Length / 1024} KiB); reloaded outputs identical: {(identical ? "yes" : "NO")}");
            Console.WriteLine($"test predictions: {Path.GetFullPath(predictions)}");
            Console.WriteLine($"wall time {wall.Elapsed.TotalSeconds:F0} s");
            return identical ? 0 : 4;
        });
        return command;
    }

    private static Command Predict()
    {
        var model = new Option<string>("--model") { Description = "Pipeline bundle from `dtsmdrl fusion evaluate`", Required = true };
        var cohort = new Option<string>("--cohort") { Description = "Cohort folder whose patients to predict", Required = true };
        var split = new Option<string>("--split") { Description = "train, validation or test", DefaultValueFactory = _ => "test" };
        var output = new Option<string>("--out") { Description = "Predictions CSV to write", DefaultValueFactory = _ => "fusion-predictions.csv" };
        var command = new Command("predict", "Load a fusion pipeline bundle and write its predictions for a cohort split (same CSV format as evaluate)")
        {
            model, cohort, split, output,
        };
        command.SetAction(parse =>
        {
            var which = Enum.Parse<CohortSplit>(parse.GetValue(split)!, ignoreCase: true);
            var patients = CohortFolder.Load(parse.GetValue(cohort)!).InSplit(which);
            var ml = new MLContext(1);
            using var pipeline = FusionPipeline.Load(ml, parse.GetValue(model)!);
            var predictions = pipeline.Predict(PatientDataView.Create(ml, patients.Select(p => p.Observed).ToList()));
            WritePredictions(parse.GetValue(output)!, patients, predictions, pipeline.Fusion.Options);
            Console.WriteLine($"{predictions.Length} patients predicted; written to {Path.GetFullPath(parse.GetValue(output)!)}");
            return 0;
        });
        return command;
    }

    private static void WritePredictions(string path, IReadOnlyList<StudyPatient> patients, FusionPrediction[] predictions, FusionTransformerOptions options) =>
        FusionPredictionCsv.Write(path, patients.Select(p => p.Id).ToList(), predictions, FusionCohortTargets.Regimens, TwinPrior.LatentNames,
            options.Modalities.Select(m => m.Column).ToList());

    private static bool Same(FusionPrediction a, FusionPrediction b) =>
        a.Embedding.SequenceEqual(b.Embedding) && a.LatentMean.SequenceEqual(b.LatentMean) && a.LatentSpread.SequenceEqual(b.LatentSpread)
        && a.LatentMeanStd.SequenceEqual(b.LatentMeanStd) && a.ResponseProbability.SequenceEqual(b.ResponseProbability)
        && a.ResponseProbabilityStd.SequenceEqual(b.ResponseProbabilityStd) && a.ToxicityProbability.SequenceEqual(b.ToxicityProbability)
        && a.ToxicityProbabilityStd.SequenceEqual(b.ToxicityProbabilityStd) && a.ModalityAttention.SequenceEqual(b.ModalityAttention);
}
