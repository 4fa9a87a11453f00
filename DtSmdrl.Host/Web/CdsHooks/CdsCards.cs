using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>What a card is built from: the stored recommendation and what the call found out about its freshness.</summary>
/// <param name="FhirPatientId">The EHR's Patient id (for the suggestions' subject).</param>
/// <param name="PatientPageUrl">Absolute link to the clinician page of the patient.</param>
/// <param name="Recommendation">The newest recommendation of the current model (null: none yet).</param>
/// <param name="Model">The current model (null: none promoted).</param>
/// <param name="Stale">The twin has a newer posterior than the recommendation used.</param>
/// <param name="Notes">Lines about the EHR's data (differences from the store, prefetch not available, mapping issues).</param>
public sealed record CardInput(
    string FhirPatientId, string PatientPageUrl, StoredRecommendation? Recommendation, StoredModel? Model, bool Stale, IReadOnlyList<string> Notes);

/// <summary>
/// Builds the cards (CDS Hooks 2.0 card rules: summary under 140 characters, indicator info/warning/critical,
/// source with a label, markdown detail, suggestions with uuids and selectionBehavior, an absolute link).
/// </summary>
public static class CdsCards
{
    public const int SummaryLimit = 139;
    private const string Disclaimer = "_DT-SMDRL is research software, not a medical device: a suggestion, not an order._";
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static JsonObject PatientView(CardInput input, CdsHooksOptions limits)
    {
        if (input.Recommendation is not { } r)
        {
            var why = input.Model is null ? "no model is promoted yet (`dtsmdrl train`)" : "the recommend-batch job has not yet run for this patient";
            return Cards(Card(CardIds.For(CdsServiceCatalog.PatientViewHook, 0), "DT-SMDRL: no recommendation for this patient yet", "info",
                $"The patient is in the DT-SMDRL store, but {why}.\n\n{Notes(input.Notes)}{Disclaimer}", input.PatientPageUrl));
        }
        var plan = PatientPage.ParsePlan(r.PlanJson);
        var scores = Scores(r);
        var first = plan.Count > 0 ? plan[0].Regimen : "hold";
        var indicator = r.SevereToxicityProbability >= limits.ToxicityCritical ? "critical"
            : r.SevereToxicityProbability >= limits.ToxicityWarning || r.CvarCost >= limits.CvarWarning ? "warning" : "info";
        var summary = Summary($"DT-SMDRL: {first} for cycle {(plan.Count > 0 ? plan[0].Cycle : 1)}; response {Pct(r.ResponseProbability)}, severe toxicity {Pct(r.SevereToxicityProbability)}");

        var detail = new StringBuilder();
        detail.Append("**Plan**: ").AppendJoin(", ", plan.Select(c => $"cycle {c.Cycle} {c.Regimen}")).Append("\n\n");
        detail.Append("| | |\n|---|---|\n");
        detail.Append($"| P(objective response) | {Pct(r.ResponseProbability)} |\n");
        detail.Append($"| P(severe toxicity) over the plan | {Pct(r.SevereToxicityProbability)} (warning at {Pct(limits.ToxicityWarning)}) |\n");
        if (r.CvarCost is { } cvar) detail.Append($"| CVaR of the toxicity cost | {cvar.ToString("0.00", CultureInfo.InvariantCulture)} (warning at {limits.CvarWarning.ToString("0.00", CultureInfo.InvariantCulture)}) |\n");
        detail.Append($"| Confidence | {r.Confidence.ToString("0.00", CultureInfo.InvariantCulture)} |\n\n");
        var alternatives = scores.Where(s => s.Supported && s.Regimen != first).OrderByDescending(s => s.Score).Take(3).ToList();
        if (alternatives.Count > 0)
            detail.Append("**Alternatives** (ranked): ").AppendJoin("; ", alternatives.Select(a => $"{a.Regimen} (response {Pct(a.Response)}, severe toxicity {Pct(a.Toxicity)})")).Append("\n\n");
        detail.Append($"Model v{r.ModelVersion}, twin {(r.PosteriorVersion is { } v ? $"posterior v{v}" : "prior (no outcome yet)")}, recommendation {r.Id} of {DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAtMs):yyyy-MM-dd HH:mm} UTC.");
        if (input.Stale) detail.Append(" The twin has been updated since: the recommend-batch job will issue a new one.");
        detail.Append("\n\n").Append(Notes(input.Notes)).Append(Disclaimer);

        var card = Card(CardIds.For(CdsServiceCatalog.PatientViewHook, r.Id), summary, indicator, detail.ToString(), input.PatientPageUrl);
        if (first != "hold")
        {
            card["suggestions"] = new JsonArray(Suggestion(CardIds.For("suggestion:" + first, r.Id), $"Order {first} for cycle {plan[0].Cycle} (twin recommendation)", true,
                Create(Order(input.FhirPatientId, first), $"Draft order of {first}")));
            card["selectionBehavior"] = "at-most-one";
        }
        return Cards(card);
    }

    /// <summary>A card per selected regimen order whose forecast risk is over a limit; none when all are under.</summary>
    public static JsonObject OrderSelect(CardInput input, IReadOnlyList<(string ResourceId, string Regimen)> orders, CdsHooksOptions limits)
    {
        var cards = new JsonArray();
        if (input.Recommendation is not { } r) return new JsonObject { ["cards"] = cards };
        var scores = Scores(r);
        var plan = PatientPage.ParsePlan(r.PlanJson);
        foreach (var (resourceId, regimen) in orders)
        {
            var score = scores.FirstOrDefault(s => s.Regimen == regimen && s.Supported);
            if (score is null) continue;
            var cvar = plan.Count > 0 && plan[0].Regimen == regimen ? r.CvarCost : null;
            var indicator = score.Toxicity >= limits.ToxicityCritical ? "critical"
                : score.Toxicity >= limits.ToxicityWarning || cvar >= limits.CvarWarning ? "warning" : null;
            if (indicator is null) continue;
            var safer = scores.Where(s => s.Supported && s.Regimen != regimen && s.Toxicity < limits.ToxicityWarning).OrderByDescending(s => s.Score).Take(2).ToList();
            var detail = new StringBuilder();
            detail.Append($"The twin forecasts **{Pct(score.Toxicity)} severe toxicity** for {regimen} (warning at {Pct(limits.ToxicityWarning)}, critical at {Pct(limits.ToxicityCritical)}); P(objective response) {Pct(score.Response)}.");
            if (cvar is { } c) detail.Append($" CVaR of the toxicity cost of the plan: {c.ToString("0.00", CultureInfo.InvariantCulture)}.");
            detail.Append("\n\n").Append(safer.Count == 0 ? "No supported alternative is under the warning limit." : "Safer alternatives: " + string.Join("; ", safer.Select(s => $"{s.Regimen} (severe toxicity {Pct(s.Toxicity)}, response {Pct(s.Response)})")) + ".");
            detail.Append($"\n\nModel v{r.ModelVersion}, twin {(r.PosteriorVersion is { } v ? $"posterior v{v}" : "prior")}.{(input.Stale ? " The twin has been updated since this forecast." : "")}\n\n");
            detail.Append(Notes(input.Notes)).Append(Disclaimer);

            var card = Card(CardIds.For(CdsServiceCatalog.OrderSelectHook, r.Id), Summary($"DT-SMDRL: {regimen} has a {Pct(score.Toxicity)} forecast risk of severe toxicity"),
                indicator, detail.ToString(), input.PatientPageUrl);
            if (safer.Count > 0)
            {
                card["suggestions"] = new JsonArray(safer.Select(s => (JsonNode)Suggestion(CardIds.For("suggestion:" + s.Regimen, r.Id),
                    $"Order {s.Regimen} instead (severe toxicity {Pct(s.Toxicity)})", false,
                    new JsonObject { ["type"] = "delete", ["description"] = $"Remove the {regimen} order", ["resourceId"] = new JsonArray(resourceId) },
                    Create(Order(input.FhirPatientId, s.Regimen), $"Draft order of {s.Regimen}"))).ToArray());
                card["selectionBehavior"] = "at-most-one";
            }
            cards.Add(card);
        }
        return new JsonObject { ["cards"] = cards };
    }

    private static List<RegimenScore> Scores(StoredRecommendation r) => JsonSerializer.Deserialize<List<RegimenScore>>(r.ProbabilitiesJson, SnakeCase) ?? [];

    private static JsonObject Cards(JsonObject card) => new() { ["cards"] = new JsonArray(card) };

    private static JsonObject Card(Guid uuid, string summary, string indicator, string detail, string pageUrl) => new()
    {
        ["uuid"] = uuid.ToString(),
        ["summary"] = summary,
        ["indicator"] = indicator,
        ["detail"] = detail,
        ["source"] = new JsonObject { ["label"] = "DT-SMDRL digital twin (research software)", ["url"] = pageUrl },
        ["links"] = new JsonArray(new JsonObject { ["label"] = "Open the twin's patient page", ["url"] = pageUrl, ["type"] = "absolute" }),
    };

    private static JsonObject Suggestion(Guid uuid, string label, bool recommended, params JsonObject[] actions) => new()
    {
        ["label"] = Summary(label),
        ["uuid"] = uuid.ToString(),
        ["isRecommended"] = recommended,
        ["actions"] = new JsonArray(actions.Select(a => (JsonNode)a).ToArray()),
    };

    private static JsonObject Create(MedicationRequest resource, string description) => new()
    {
        ["type"] = "create",
        ["description"] = description,
        ["resource"] = JsonNode.Parse(resource.ToJson()),
    };

    private static MedicationRequest Order(string fhirPatientId, string regimen) => new()
    {
        Status = MedicationRequest.MedicationrequestStatus.Draft,
        Intent = MedicationRequest.MedicationRequestIntent.Proposal,
        Medication = new CodeableConcept(FhirCodes.RegimenSystem, regimen, regimen),
        Subject = new ResourceReference("Patient/" + fhirPatientId),
    };

    private static string Notes(IReadOnlyList<string> notes) => notes.Count == 0 ? "" : string.Join("\n", notes.Select(n => "- " + n)) + "\n\n";

    private static string Pct(double p) => (100 * p).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static string Summary(string text) => text.Length <= SummaryLimit ? text : text[..(SummaryLimit - 1)] + "…";
}
