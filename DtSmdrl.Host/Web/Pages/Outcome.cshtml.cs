using System.Globalization;
using System.Text.RegularExpressions;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DtSmdrl.Host.Web.Pages;

/// <summary>
/// Record an outcome: one cycle's observations. The form's fields are the ingest job's CSV columns, validated by
/// the same code; each error is shown next to its field and nothing is stored unless every field is valid.
/// </summary>
public sealed partial class OutcomeModel(OutcomeRecorder recorder, Database database) : PageModel
{
    /// <summary>The form's fields and the CSV column each fills (lesions: lesion_1_mm ... lesion_5_mm).</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldOfColumn = new Dictionary<string, string>
    {
        ["cycle"] = nameof(Cycle),
        ["observed_at"] = nameof(ObservedOn),
        ["treatment_given"] = nameof(TreatmentGiven),
        ["dose_fraction"] = nameof(DoseFraction),
        ["labs.anc_10e9_per_l"] = nameof(Anc),
        ["labs.collected_at"] = nameof(ObservedOn),
        ["lesion_diameters_mm"] = nameof(Lesions),
        ["adverse_events"] = nameof(IraeGrade),
        ["died"] = nameof(Died),
    };

    public const string IraeTerm = "Immune-related adverse event";

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty] public string? Cycle { get; set; }
    [BindProperty] public string? ObservedOn { get; set; }
    [BindProperty] public string? TreatmentGiven { get; set; }
    [BindProperty] public string? DoseFraction { get; set; }
    [BindProperty] public string? Anc { get; set; }
    [BindProperty] public List<string?> Lesions { get; set; } = [];
    [BindProperty] public string? IraeGrade { get; set; }
    [BindProperty] public bool Died { get; set; }

    public bool Known { get; private set; }

    public int NextCycle { get; private set; }

    /// <summary>Errors by form field; and those that belong to no field.</summary>
    public Dictionary<string, List<string>> FieldErrors { get; } = [];

    public OutcomeResult? Result { get; private set; }

    public IActionResult OnGet()
    {
        if (!Load()) return Missing();
        Cycle ??= NextCycle.ToString(CultureInfo.InvariantCulture);
        ObservedOn ??= Format.Date(database.Clock.GetUtcNow());
        DoseFraction ??= "1";
        return Page();
    }

    public IActionResult OnPost()
    {
        if (!Load()) return Missing();
        var cells = new Dictionary<string, string>
        {
            ["cycle"] = Cycle ?? "",
            ["observed_at"] = Timestamp(ObservedOn),
            ["treatment_given"] = TreatmentGiven ?? "",
            ["dose_fraction"] = DoseFraction ?? "",
            ["died"] = Died ? "true" : "false",
        };
        if (!string.IsNullOrWhiteSpace(Anc))
        {
            cells["labs.collected_at"] = Timestamp(ObservedOn);
            cells["labs.anc_10e9_per_l"] = Anc;
        }
        for (var i = 0; i < Math.Min(Lesions.Count, 5); i++) cells[$"lesion_{i + 1}_mm"] = Lesions[i] ?? "";
        if (IraeGrade is { Length: > 0 } grade && grade != "0") cells["adverse_events"] = $"{IraeTerm}|{grade}";

        Result = recorder.Record(Id, cells);
        foreach (var error in Result.Errors) AddError(error);
        if (Result.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        // Stored: an empty form for the next cycle, so the same one is not sent twice by mistake.
        Load();
        (Cycle, TreatmentGiven, Anc, Lesions, IraeGrade, Died, DoseFraction) = (NextCycle.ToString(CultureInfo.InvariantCulture), null, null, [], null, false, "1");
        ModelState.Clear();
        return Page();
    }

    public IEnumerable<string> ErrorsOf(string field) => FieldErrors.GetValueOrDefault(field) ?? [];

    private void AddError(RecordError error)
    {
        // "lesion_diameters_mm[2]" -> Lesions, "labs.anc_10e9_per_l" -> Anc, "adverse_events[0].grade" -> IraeGrade.
        var column = IndexSuffix().Replace(error.Field, "");
        var field = FieldOfColumn.GetValueOrDefault(column)
            ?? FieldOfColumn.FirstOrDefault(kv => column.StartsWith(kv.Key, StringComparison.Ordinal)).Value
            ?? "";
        if (!FieldErrors.TryGetValue(field, out var list)) FieldErrors[field] = list = [];
        list.Add(error.Reason);
    }

    // A date from the form's date input becomes noon UTC that day; anything else goes to the validator as typed, which names the field.
    private static string Timestamp(string? value) =>
        value is not null && DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T12:00:00Z"
            : value ?? "";

    private bool Load()
    {
        Known = database.Read(c => PatientStore.Get(c, Id)) is not null;
        if (!Known) return false;
        var observed = database.Read(c => ObservationStore.ForPatient(c, Id));
        NextCycle = observed.Count == 0 ? 1 : observed.Max(o => o.Observation.Cycle) + 1;
        return true;
    }

    private IActionResult Missing()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    [GeneratedRegex(@"\[\d+\](\.[a-z_]+)?$")]
    private static partial Regex IndexSuffix();
}
