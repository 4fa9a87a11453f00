using System.CommandLine;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data.Fhir;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl patients import --file F | --fhir BUNDLE.json|DIR`: validates patient records (JSONL, wide
/// CSV or FHIR R4 bundles) and stores them (insert or replace).
/// </summary>
public static class PatientsCommand
{
    public static Command Create()
    {
        var file = new Option<string?>("--file") { Description = "Patient records: .jsonl or wide .csv" };
        var fhir = new Option<string?>("--fhir") { Description = "FHIR R4 Bundle (.json) or a folder of them; a bundle with an error stores nothing" };
        var import = new Command("import", "Validate patient records and store them (exit 3 when some were rejected)") { file, fhir };
        import.Validators.Add(result =>
        {
            if ((result.GetValue(file) is null) == (result.GetValue(fhir) is null))
                result.AddError("give exactly one of --file or --fhir");
        });
        import.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            IReadOnlyList<PatientRecord> accepted;
            string summary;
            bool clean;
            if (parse.GetValue(fhir) is { } bundles)
            {
                var loaded = new FhirPatientImport().Load(bundles);
                foreach (var issue in loaded.Issues) Console.Error.WriteLine(issue);
                (accepted, summary, clean) = (loaded.Accepted, loaded.Summary, loaded.Errors == 0);
            }
            else
            {
                var path = parse.GetValue(file)!;
                var loaded = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                    ? new PatientCsv().Load(path)
                    : new JsonLinesLoader<PatientRecord>(PatientRecordContract.Instance).Load(path);
                foreach (var error in loaded.Errors) Console.Error.WriteLine(error);
                (accepted, summary, clean) = (loaded.Accepted, loaded.Summary, loaded.Errors.Count == 0);
            }
            var database = host.Services.GetRequiredService<Database>();
            var changed = database.Write(t => accepted.Count(r => PatientStore.Upsert(t, r, database.NowMs)));
            Console.WriteLine($"{summary}; {changed} stored or updated, {accepted.Count - changed} unchanged");
            return clean ? 0 : 3;
        }));
        var patients = new Command("patients", "Patient records in the store");
        patients.Subcommands.Add(import);
        return patients;
    }
}
