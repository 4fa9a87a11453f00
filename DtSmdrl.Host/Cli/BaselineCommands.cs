using System.CommandLine;
using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;
using DtSmdrl.Pipeline.Evaluation.Progress;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl train-baseline`: fits the supervised baseline on a cohort's training split and writes one
/// model file (pipeline, per-regimen models, calibrators, manifest). `dtsmdrl predict`: per-regimen
/// predictions for a patient file (JSON Lines or wide CSV).
/// </summary>
public static class BaselineCommands
{
    public static Command TrainBaseline()
    {
        var cohort = new Option<string>("--cohort") { Description = "Cohort folder (from `dtsmdrl synth`)", Required = true };
        var seed = CommonOptions.Seed();
        var output = new Option<string>("--out") { Description = "Model file to write", DefaultValueFactory = _ => "supervised-baseline.zip" };
        var command = new Command("train-baseline", "Fit the supervised baseline (per-regimen response and toxicity models, CV-selected, calibrated) and save it with a manifest")
        {
            cohort, seed, output,
        };
        command.SetAction(parse =>
        {
            var data = CohortFolder.Load(parse.GetValue(cohort)!).TrainingData();
            var model = SupervisedBaselineTrainer.Train(data, parse.GetValue(seed), progress: new SynchronousProgress<string>(Console.Error.WriteLine));
            model.Save(parse.GetValue(output)!);
            Console.WriteLine(SupervisedBaselineReport.CrossValidationTable(model));
            Console.WriteLine(SupervisedBaselineReport.CalibrationTable(model));
            Console.WriteLine($"model written to {Path.GetFullPath(parse.GetValue(output)!)}");
            return 0;
        });
        return command;
    }

    public static Command Predict()
    {
        var model = new Option<string>("--model") { Description = "Model file from `dtsmdrl train-baseline`", Required = true };
        var patients = new Option<string>("--patients") { Description = "Patient records: .jsonl or wide .csv", Required = true };
        var output = new Option<string>("--out") { Description = "Predictions CSV to write", DefaultValueFactory = _ => "predictions.csv" };
        var command = new Command("predict", "Per-regimen response and severe-toxicity predictions of the supervised baseline for a patient file")
        {
            model, patients, output,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(patients)!;
            var loaded = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                ? new PatientCsv().Load(path)
                : new JsonLinesLoader<PatientRecord>(PatientRecordContract.Instance).Load(path);
            foreach (var error in loaded.Errors) Console.Error.WriteLine(error);
            Console.Error.WriteLine(loaded.Summary);
            var predictions = SupervisedBaselineModel.Load(parse.GetValue(model)!).Predict(loaded.Accepted);
            PredictionCsv.Write(parse.GetValue(output)!, predictions);
            Console.WriteLine($"{predictions.Count} patients predicted; written to {Path.GetFullPath(parse.GetValue(output)!)}");
            return loaded.Errors.Count == 0 ? 0 : 3;
        });
        return command;
    }
}
