using System.CommandLine;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Fhir;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;
using DtSmdrl.Pipeline.Evaluation.Progress;

namespace DtSmdrl.Host.Cli;

/// <summary>`dtsmdrl synth`: writes a synthetic multimodal cohort with ground truth to a folder (and, with --fhir, as FHIR bundles).</summary>
public static class SynthCommand
{
    /// <summary>Subfolder of the cohort with the FHIR bundles (`--fhir`).</summary>
    public const string FhirFolder = "fhir";

    public static Command Create()
    {
        var size = new Option<int>("--patients") { Description = "Number of patients (streamed to disk)", DefaultValueFactory = _ => 1000 };
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out("cohort");
        var noise = new Option<double>("--noise-scale") { Description = "Multiplier of the observation noise", DefaultValueFactory = _ => 1.0 };
        var missing = new Option<double>("--missingness-scale") { Description = "Multiplier of the modality missingness", DefaultValueFactory = _ => 1.0 };
        var quiet = CommonOptions.Quiet();
        var fhir = new Option<bool>("--fhir") { Description = $"Also write every observed record as a FHIR R4 bundle, one file per patient, in {FhirFolder}/" };
        var population = new Option<string?>("--population") { Description = "Draw the cohort from this population file (data-schemas/population.schema.json) instead of the built-in defaults" };
        var writePopulation = new Option<string?>("--write-population")
        {
            Description = "Write the built-in population (or the one --population read) to this JSON file and exit; edit it to define another population",
        };
        var command = new Command("synth", "Generate a synthetic multimodal NSCLC cohort: observed records, retrospective outcomes, splits and (separately) the true twins")
        {
            size, seed, output, noise, missing, quiet, fhir, population, writePopulation,
        };
        command.SetAction(parse =>
        {
            var read = parse.GetValue(population) is { } file ? PopulationFile.Read(file) : null;
            if (parse.GetValue(writePopulation) is { } target)
            {
                PopulationFile.Write(target, read?.Population ?? CohortPopulation.Default);
                Console.WriteLine($"population: {(read is null ? CohortOptions.BuiltInPopulation : $"from {read.Sha256}")} written to {Path.GetFullPath(target)}");
                return 0;
            }
            var options = new CohortOptions
            {
                Size = parse.GetValue(size),
                Seed = parse.GetValue(seed),
                NoiseScale = parse.GetValue(noise),
                MissingnessScale = parse.GetValue(missing),
                Population = read?.Population,
                PopulationSha256 = read?.Sha256,
            };
            options.Validate();
            var folder = parse.GetValue(output)!;
            using var bar = parse.GetValue(quiet) ? null : new ProgressBar("synth", options.Size);
            var manifest = CohortFolder.Write(folder, new SyntheticCohortGenerator(options), bar);
            bar?.Complete();
            Console.WriteLine($"cohort: {options.Size} patients (train {manifest.Train}, validation {manifest.Validation}, test {manifest.Test}) in {Path.GetFullPath(folder)}");
            Console.WriteLine($"patients.jsonl sha256 {manifest.Files[CohortFolder.Patients]}; population: {options.PopulationSource()}");
            if (parse.GetValue(fhir))
            {
                // Read back from patients.jsonl, so the bundles hold exactly the records written there.
                var records = new JsonLinesLoader<PatientRecord>(PatientRecordContract.Instance)
                    .Stream(Path.Combine(folder, CohortFolder.Patients), new LoadOptions { Mode = LoadMode.FailFast, ValidateSchema = false }, _ => { });
                var bundles = FhirBundleFolder.Write(Path.Combine(folder, FhirFolder), records);
                Console.WriteLine($"fhir: {bundles} bundles in {Path.GetFullPath(Path.Combine(folder, FhirFolder))}");
            }
            return 0;
        });
        return command;
    }
}
