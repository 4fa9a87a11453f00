using DtSmdrl.Host.Engine;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Plugins.BuiltIn.Explainers;
using DtSmdrl.Plugins.BuiltIn.Explainers.Models;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Host.Web;

/// <summary>The page's biomarker attributions: the method, what was explained, and the largest attributions.</summary>
public sealed record AttributionView(string Method, string Target, double Prediction, double Reference, IReadOnlyList<FeatureAttribution> Top);

/// <summary>
/// Biomarker-level explanation of a supervised-twin recommendation: KernelSHAP of the supervised model's benefit-risk
/// score of the recommended regimen minus that of the best-ranked alternative, over the 50 numeric biomarkers, against
/// other stored patients as background. Positive attributions push towards the recommended regimen. The twin's part of
/// the blend is not attributed (it is a simulation, shown as the forecast). Other engines: none.
/// </summary>
public static class PatientAttributions
{
    private const int Shown = 8;

    public static AttributionView? Explain(IRecommendationModel model, PatientRecord record, string recommended, string? alternative,
        IReadOnlyList<PatientRecord> background, int seed)
    {
        if (model is not SupervisedTwinModel supervised || background.Count == 0) return null;
        var baseline = supervised.Baseline;
        var regimens = baseline.Regimens;
        var chosen = IndexOf(regimens, recommended);
        if (chosen < 0) return null;
        var contrast = alternative is null ? -1 : IndexOf(regimens, alternative);
        var explainable = SupervisedExplainableModel.Create(baseline, "supervised baseline", new Dictionary<string, PatientRecord> { [record.PatientId] = record });
        var target = new ExplanationTarget(SupervisedExplainableModel.BenefitRiskOutput(chosen, regimens.Count),
            contrast < 0 ? null : SupervisedExplainableModel.BenefitRiskOutput(contrast, regimens.Count));
        var rows = background.Select(b => PatientBiomarkers.Values(PatientDataView.ToRow(b))).ToList();
        var request = new ExplanationRequest(explainable,
            [new PatientToExplain(record.PatientId, PatientBiomarkers.Values(PatientDataView.ToRow(record)), target)], rows,
            new ExplainerOptions(Seed: seed, Samples: 128, Bootstrap: 0));
        var explanation = new KernelShapExplainer().Explain(request)[0];
        return new AttributionView(explanation.Method, target.Label(explainable.Outputs), explanation.Prediction, explanation.Reference,
            explanation.Ranked().Where(a => a.Attribution != 0).Take(Shown).ToList());
    }

    private static int IndexOf(IReadOnlyList<string> regimens, string name)
    {
        for (var i = 0; i < regimens.Count; i++)
            if (regimens[i] == name) return i;
        return -1;
    }
}
