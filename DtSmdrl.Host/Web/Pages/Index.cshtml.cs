using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DtSmdrl.Host.Web.Pages;

/// <summary>The patient list: search by id, latest recommendation, twin freshness, flags.</summary>
public sealed class IndexModel(PatientList list) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public IReadOnlyList<PatientListRow> Rows { get; private set; } = [];

    public long Total { get; private set; }

    public void OnGet() => (Rows, Total) = list.Search(Search);
}
