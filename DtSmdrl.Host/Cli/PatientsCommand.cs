using System.CommandLine;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Cli;

/// <summary>`dtsmdrl patients import --file F`: validates patient records (JSONL or wide CSV) and stores them (insert or replace).</summary>
public static class PatientsCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--file") { Description = "Patient records: .jsonl or wide .csv", Required = true };
        var import = new Command("import", "Validate patient records and store them (exit 3 when some were rejected)") { file };
        import.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            var path = parse.GetValue(file)!;
            var loaded = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                ? new PatientCsv().Load(path)
                : new JsonLinesLoader<PatientRecord>(PatientRecordContract.Instance).Load(path);
            foreach (var error in loaded.Errors) Console.Error.WriteLine(error);
            var database = host.Services.GetRequiredService<Database>();
            var changed = database.Write(t => loaded.Accepted.Count(r => PatientStore.Upsert(t, r, database.NowMs)));
            Console.WriteLine($"{loaded.Summary}; {changed} stored or updated, {loaded.Accepted.Count - changed} unchanged");
            return loaded.Errors.Count == 0 ? 0 : 3;
        }));
        var patients = new Command("patients", "Patient records in the store");
        patients.Subcommands.Add(import);
        return patients;
    }
}
