using System.Text.RegularExpressions;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Report;
using DtSmdrl.Pipeline.Study.Example;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Host.Web;

/// <summary>One plan drawn in the forecast figures.</summary>
/// <param name="Label">"Recommended", "Alternative 2", ...</param>
/// <param name="Regimen">Regimen given in every forecast cycle.</param>
/// <param name="Description">The whole course as run-length text (cycles already given, then the plan).</param>
public sealed record ForecastPlan(string Label, string Regimen, string Description);

/// <summary>The forecast figures as inline SVG, with the plans they show.</summary>
public sealed record ForecastFigures(IReadOnlyList<ForecastPlan> Plans, string SldSvg, string AncSvg, int Samples, int Days);

/// <summary>
/// The patient page's counterfactual forecast: the twin's samples (posterior, or prior before any outcome) run from
/// day 0 under the cycles already given, then each shown regimen for the plan's cycles, with the observed
/// measurements on top. The simulation and the figure are the report's example-patient code
/// (<see cref="ExamplePatientStudy.Simulate(string, double, NsclcParameters[], IReadOnlyList{ExamplePlan}, TwinEnvironmentOptions, ulong, ValueTuple{NsclcParameters, ulong}?)"/>,
/// <see cref="ReportFigures.Trajectories"/>); there is no true twin for a real patient.
/// </summary>
public static partial class PatientForecast
{
    private const int Width = 900;
    private const int Height = 640;

    public static ForecastFigures Draw(string patientId, double observedSldMm, NsclcParameters[] samples, IReadOnlyList<int> actionsSoFar,
        IReadOnlyList<(string Label, string Regimen)> plans, int planCycles, ulong seed,
        IReadOnlyList<(double Day, double Value)> observedSld, IReadOnlyList<(double Day, double Value)> observedAnc)
    {
        var actions = ActionSet.NsclcDefault;
        var environment = new TwinEnvironmentOptions { Cycles = actionsSoFar.Count + planCycles, FollowUpDay = 0 };
        var examplePlans = plans.Select(p => new ExamplePlan(p.Label,
            [.. actionsSoFar, .. Enumerable.Repeat(actions.IndexOf(p.Regimen), planCycles)])).ToList();
        var bands = ExamplePatientStudy.Simulate(patientId, observedSldMm, samples, examplePlans, environment, seed, truth: null);
        var shown = examplePlans.Select((p, k) => new ForecastPlan(p.Name, plans[k].Regimen, bands.First(b => b.Plan == p.Name).PlanActions)).ToList();
        var sld = ReportFigures.Trajectories(bands, "sld", "Tumour burden forecast (SLD) by plan", observedSld);
        var anc = ReportFigures.Trajectories(bands, "anc", "Neutrophil forecast (ANC) by plan", observedAnc);
        return new ForecastFigures(shown, Inline(sld.GetSvgXml(Width, Height)), Inline(anc.GetSvgXml(Width, Height)), samples.Length,
            environment.Cycles * 21);
    }

    // Inline SVG in HTML: no XML declaration; the figure's own size becomes a viewBox so it scales with the page.
    private static string Inline(string svg)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = start > 0 ? svg[start..] : svg;
        return SvgSize().Replace(svg, m => $"<svg viewBox=\"0 0 {m.Groups["w"].Value} {m.Groups["h"].Value}\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" focusable=\"false\"", 1);
    }

    [GeneratedRegex("<svg(?=[^>]*width=\"(?<w>[0-9.]+)\")(?=[^>]*height=\"(?<h>[0-9.]+)\")")]
    private static partial Regex SvgSize();
}
