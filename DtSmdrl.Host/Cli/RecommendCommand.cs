using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl recommend --patient ID [--cohort DIR]`: a recommendation from the current model and the patient's
/// latest twin posterior, appended to the audit trail and printed with the posterior summary (and, for a
/// synthetic patient with --cohort, the true values beside it).
/// </summary>
public static class RecommendCommand
{
    public static Command Create()
    {
        var patient = new Option<string>("--patient") { Description = "Patient id (its record must be in the store)", Required = true };
        var cohort = new Option<string?>("--cohort") { Description = "Synthetic cohort folder: print the true twin values next to the posterior" };
        var command = new Command("recommend", "Recommend a plan for one patient (audited in the recommendations table)") { patient, cohort };
        command.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            var id = parse.GetValue(patient)!;
            var r = host.Services.GetRequiredService<Recommender>().Recommend(id);
            var plan = JsonDocument.Parse(r.PlanJson).RootElement.EnumerateArray()
                .Select(e => $"{e.GetProperty("cycle").GetInt32()}:{e.GetProperty("regimen").GetString()}");
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine($"recommendation {r.Id} (model v{r.ModelVersion}, twin posterior {(r.PosteriorVersion is { } v ? $"v{v}" : "prior")}, inputs sha256 {r.InputSha256[..12]})");
            Console.WriteLine($"plan: {string.Join(" ", plan)}");
            Console.WriteLine(string.Create(c, $"P(response) {r.ResponseProbability:F3}  P(severe toxicity) {r.SevereToxicityProbability:F3}  CVaR0.9 cost {r.CvarCost:F3}  confidence {r.Confidence:F2}"));
            Console.WriteLine(JsonDocument.Parse(r.ExplanationJson).RootElement.GetProperty("text").GetString());
            Console.WriteLine("| regimen | supported | model P(resp) | twin P(resp) | model P(tox) | twin P(tox) | score |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var s in JsonSerializer.Deserialize<List<RegimenScore>>(r.ProbabilitiesJson, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!)
                Console.WriteLine(string.Create(c, $"| {s.Regimen} | {(s.Supported ? "yes" : "no")} | {s.ModelResponse:F3} | {s.TwinResponse:F3} | {s.ModelToxicity:F3} | {s.TwinToxicity:F3} | {s.Score:F3} |"));
            PrintPosterior(host.Services.GetRequiredService<Database>(), host.Services.GetRequiredService<IOptions<TwinUpdateOptions>>().Value, id, parse.GetValue(cohort));
            return 0;
        }));
        return command;
    }

    private static void PrintPosterior(Database database, TwinUpdateOptions twin, string patientId, string? cohort)
    {
        var posterior = new PosteriorStore(database).Latest(patientId);
        Pipeline.Twin.Models.NsclcParameters? truth = cohort is null ? null : TruthFeedback.ReadTruth(cohort, patientId).Parameters;
        JsonElement summary;
        if (posterior is null)
        {
            // No outcome yet: the prior conditioned on the record, as update-twins would start from.
            var record = database.Read(c => PatientStore.Get(c, patientId))!.Value.Record;
            var (prior, _) = new TwinUpdater(twin).Update(record, []);
            summary = JsonDocument.Parse(TwinUpdater.Summary(prior).ToJsonString()).RootElement;
            Console.WriteLine("twin: prior (no outcome observations yet)");
        }
        else
        {
            summary = JsonDocument.Parse(posterior.SummaryJson).RootElement;
            Console.WriteLine($"twin posterior v{posterior.Version}: {posterior.Cycles} cycles, {posterior.ObservationCount} observations");
        }
        Console.WriteLine("| parameter | posterior mean | 90% interval |" + (truth is null ? "" : " truth |"));
        Console.WriteLine("| --- | ---: | --- |" + (truth is null ? "" : " ---: |"));
        var c = CultureInfo.InvariantCulture;
        foreach (var (name, value) in new (string, Func<Pipeline.Twin.Models.NsclcParameters, double>)[]
                 { ("growth_g", p => p.G), ("chemo_kill_kC", p => p.KC), ("baseline_anc_circ0", p => p.Circ0), ("v0", p => p.V0) })
        {
            var e = summary.GetProperty(name);
            Console.WriteLine(string.Create(c, $"| {name} | {e.GetProperty("mean").GetDouble():G4} | [{e.GetProperty("lower").GetDouble():G4}, {e.GetProperty("upper").GetDouble():G4}] |")
                + (truth is null ? "" : string.Create(c, $" {value(truth.Value):G4} |")));
        }
    }
}
