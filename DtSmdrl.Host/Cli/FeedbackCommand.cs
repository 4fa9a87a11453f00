using System.CommandLine;
using System.Globalization;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl feedback --file F`: stores outcome observations (JSONL or CSV, validated like ingestion; every rejected
/// record, conflicting cycle and observation of a patient not in the store is listed with its line; exit 3 when any). `dtsmdrl feedback --simulate-from-truth --cohort DIR --patient ID --cycles N`: for a
/// synthetic patient, simulates the next N cycles of its latest recommended plan (or of the plan a clinician chose
/// when overriding it, <see cref="FollowedPlan"/>) on its TRUE twin and stores what would have been observed
/// (demonstrations of the closed loop).
/// </summary>
public static class FeedbackCommand
{
    public const string SimulatedSource = "simulated-truth";

    public static Command Create()
    {
        var file = new Option<string?>("--file") { Description = "Outcome observations: .jsonl or .csv" };
        var simulate = new Option<bool>("--simulate-from-truth") { Description = "Simulate the outcomes of the latest recommended plan on the patient's true twin" };
        var cohort = new Option<string?>("--cohort") { Description = "Synthetic cohort folder with truth.jsonl (with --simulate-from-truth)" };
        var patient = new Option<string?>("--patient") { Description = "Patient id (with --simulate-from-truth)" };
        var cycles = new Option<int>("--cycles") { Description = "Cycles to simulate (with --simulate-from-truth)", DefaultValueFactory = _ => 1 };
        var command = new Command("feedback", "Store outcome observations from a file, or simulate them from a synthetic patient's true twin")
        {
            file, simulate, cohort, patient, cycles,
        };
        command.SetAction(parse =>
        {
            var simulated = parse.GetValue(simulate);
            if (simulated == (parse.GetValue(file) is not null))
            {
                Console.Error.WriteLine("feedback: give either --file F or --simulate-from-truth --cohort DIR --patient ID [--cycles N]");
                return 2;
            }
            if (simulated && (parse.GetValue(cohort) is null || parse.GetValue(patient) is null || parse.GetValue(cycles) < 1))
            {
                Console.Error.WriteLine("feedback --simulate-from-truth needs --cohort DIR, --patient ID and --cycles N >= 1");
                return 2;
            }
            return CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
            {
                var database = host.Services.GetRequiredService<Database>();
                return simulated
                    ? Simulate(database, parse.GetValue(cohort)!, parse.GetValue(patient)!, parse.GetValue(cycles))
                    : FromFile(database, parse.GetValue(file)!);
            });
        });
        return command;
    }

    private static int FromFile(Database database, string path)
    {
        var name = Path.GetFileName(path);
        var loaded = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? new OutcomeObservationCsv().Load(path, name)
            : new JsonLinesLoader<OutcomeObservation>(OutcomeObservationContract.Instance).Load(path, new LoadOptions { DisplayName = name });
        foreach (var error in loaded.Errors) Console.Error.WriteLine(error);
        var result = database.Write(t => OutcomeIntake.Store(t, loaded, "feedback", database.NowMs));
        foreach (var problem in result.Problems) Console.Error.WriteLine(problem);
        Console.WriteLine($"{loaded.Summary}; {result.Stored} stored, {result.Duplicates} already stored, {result.Conflicts} conflicting with stored cycles, {result.UnknownPatients} of patients not in the store");
        return loaded.Errors.Count == 0 && result.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.Partial;
    }

    private static int Simulate(Database database, string cohort, string patientId, int cycles)
    {
        var record = database.Read(c => PatientStore.Get(c, patientId))?.Record
            ?? throw new KeyNotFoundException($"Patient '{patientId}' is not in the store; import the cohort's patients.jsonl first.");
        var followed = FollowedPlan.Latest(database, patientId)
            ?? throw new InvalidOperationException($"Patient '{patientId}' has no recommendation yet: run `dtsmdrl recommend --patient {patientId}` first.");
        var given = new ObservationStore(database).ForPatient(patientId).Select(s => s.Observation).Where(o => o.Cycle >= 1).OrderBy(o => o.Cycle).ToList();
        var plan = followed.Regimens;
        if (followed.IsOverride)
            Console.WriteLine($"following the clinician's override (decision {followed.Decision!.Id}) of recommendation {followed.Recommendation.Id}");
        var regimens = given.Select(o => o.TreatmentGiven).ToList();
        for (var k = 0; k < cycles; k++) regimens.Add(plan[Math.Min(k, plan.Count - 1)]);
        var start = CohortFolder.ReadManifest(cohort).Options.StartDate;
        var truth = TruthFeedback.ReadTruth(cohort, patientId);
        var fresh = TruthFeedback.Simulate(truth, record, regimens, start).Where(o => o.Cycle > given.Count).ToList();
        var (stored, duplicates, conflicts) = Store(database, fresh, SimulatedSource);
        foreach (var o in fresh)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cycle {o.Cycle}: {o.TreatmentGiven}, SLD {(o.LesionDiametersMm is { } d ? $"{d.Sum():F1} mm" : "not scanned")}, ANC {o.Labs?.Anc10e9PerL?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"}, adverse events {o.AdverseEvents.Count}{(o.Died ? ", died" : "")}"));
        Console.WriteLine($"{stored} simulated observations stored ({duplicates} already stored, {conflicts} conflicts)");
        return conflicts == 0 ? 0 : 3;
    }

    private static (int Stored, int Duplicates, int Conflicts) Store(Database database, IEnumerable<OutcomeObservation> observations, string source) =>
        database.Write(t =>
        {
            int stored = 0, duplicates = 0, conflicts = 0;
            foreach (var o in observations)
            {
                switch (ObservationStore.Insert(t, o, source, database.NowMs))
                {
                    case ObservationInsert.Inserted: stored++; break;
                    case ObservationInsert.Duplicate: duplicates++; break;
                    default: conflicts++; break;
                }
            }
            return (stored, duplicates, conflicts);
        });
}
