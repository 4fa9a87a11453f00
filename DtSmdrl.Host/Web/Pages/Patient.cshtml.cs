using System.Text.Json.Nodes;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;

namespace DtSmdrl.Host.Web.Pages;

/// <summary>The patient page, and its accept/override form (stored in the recommendation_decisions audit trail).</summary>
public sealed class PatientModel(PatientPage page, Database database, ILogger<PatientModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public PatientPageView? View { get; private set; }

    /// <summary>Why the page cannot show a recommendation (no model yet, model file missing), if so.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The engine refused this stored patient (inputs outside its training range): outcomes can still be recorded.</summary>
    public bool Refused { get; private set; }

    [BindProperty]
    public long RecommendationId { get; set; }

    [BindProperty]
    public string? Decision { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? ChosenRegimen { get; set; }

    [BindProperty]
    public string? RecordedBy { get; set; }

    /// <summary>Set after a decision was stored.</summary>
    public long? StoredDecisionId { get; private set; }

    public IActionResult OnGet() => Show();

    public IActionResult OnPostDecision()
    {
        if (Decision is not (DecisionKind.Accepted or DecisionKind.Overridden))
            ModelState.AddModelError(nameof(Decision), "Choose accept or override.");
        if (string.IsNullOrWhiteSpace(Reason))
            ModelState.AddModelError(nameof(Reason), "A reason is required, for an accept too (it goes into the audit trail).");
        else if (Reason.Length > 2000)
            ModelState.AddModelError(nameof(Reason), "At most 2000 characters.");
        if (Decision == DecisionKind.Overridden && (ChosenRegimen is null || !Catalogs.Regimens.Contains(ChosenRegimen)))
            ModelState.AddModelError(nameof(ChosenRegimen), $"Choose the regimen given instead ({string.Join(", ", Catalogs.Regimens)}).");
        if (RecordedBy is { Length: > 200 })
            ModelState.AddModelError(nameof(RecordedBy), "At most 200 characters.");
        var recommendation = database.Read(c => RecommendationStore.ForPatient(c, Id)).FirstOrDefault(r => r.Id == RecommendationId);
        if (recommendation is null)
            ModelState.AddModelError(nameof(RecommendationId), "This recommendation is not one of this patient's; reload the page.");
        if (!ModelState.IsValid) return Show();

        string? chosenPlan = null;
        if (Decision == DecisionKind.Overridden)
        {
            var plan = PatientPage.ParsePlan(recommendation!.PlanJson);
            chosenPlan = new JsonArray(plan.Select(c => (JsonNode)new JsonObject { ["cycle"] = c.Cycle, ["regimen"] = ChosenRegimen }).ToArray()).ToJsonString();
        }
        var id = new RecommendationDecisionStore(database).Append(new StoredDecision(0, RecommendationId, Id, Decision!, Reason!, chosenPlan,
            DecisionSource.ClinicianPage, null, string.IsNullOrWhiteSpace(RecordedBy) ? null : RecordedBy.Trim(), database.NowMs));
        logger.LogInformation("Decision {DecisionId} ({Decision}) stored for recommendation {RecommendationId}", id, Decision, RecommendationId);
        StoredDecisionId = id;
        ModelState.Clear();
        Reason = null;
        return Show();
    }

    private IActionResult Show()
    {
        try
        {
            View = page.Load(Id);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or InvalidDataException)
        {
            Unavailable = e.Message;
            Refused = e is RecommendationRefusedException;
            return Page();
        }
        if (View is null)
        {
            Unavailable = "This patient is not in the store. Add the record with `dtsmdrl patients import --file FILE`.";
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        RecommendationId = View.Recommendation.Id;
        return Page();
    }
}
