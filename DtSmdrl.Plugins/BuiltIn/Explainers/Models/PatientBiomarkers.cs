using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.BuiltIn.Explainers.Models;

/// <summary>
/// The 50 numeric biomarkers that patient-level explanations are over, named as the wide CSV columns (the names
/// <see cref="TrueDrivers"/> uses) with clinical units, grouped by modality: clinical (4), labs (10), omics (25:
/// TMB, PD-L1, DPYD, UGT1A1, 11 mutations, 10 expression genes), imaging (11: 5 lesion diameters, 6 radiomics).
/// Values come from and go back into <see cref="PatientFeatureRow"/>; the other inputs (sex, stage, tumour type,
/// wearables, history, note) are not attributed and stay at the explained patient's own values.
/// </summary>
public static class PatientBiomarkers
{
    /// <summary>Modality groups, in feature order.</summary>
    public static IReadOnlyList<string> Groups { get; } = ["clinical", "labs", "omics", "imaging"];

    /// <summary>The features, in row order.</summary>
    public static IReadOnlyList<ModelFeature> Features { get; } = Build();

    /// <summary>Features per group, in <see cref="Groups"/> order.</summary>
    public static IReadOnlyList<int> GroupSizes { get; } = Groups.Select(g => Features.Count(f => f.Group == g)).ToArray();

    private static List<ModelFeature> Build()
    {
        var f = new List<ModelFeature>
        {
            new("clinical.age_years", "years", "clinical"), new("clinical.ecog", "ECOG 0-4", "clinical"),
            new("clinical.prior_lines", "lines", "clinical"), new("clinical.smoking_pack_years", "pack-years", "clinical"),
        };
        string[] labUnits = ["10^9/L", "g/dL", "10^9/L", "mg/dL", "mL/min", "U/L", "U/L", "mg/dL", "U/L", "g/dL"];
        var labs = PatientCsvLayout.Labs.Skip(1).ToArray();
        for (var k = 0; k < labs.Length; k++) f.Add(new("labs." + labs[k], labUnits[k], "labs"));
        // OmicsScalars order of PatientFeatureRow: TMB, PD-L1, DPYD, UGT1A1.
        f.Add(new("omics.tmb_mut_per_mb", "mut/Mb", "omics"));
        f.Add(new("omics.pdl1_tps_pct", "% TPS", "omics"));
        f.Add(new("omics.dpyd_activity_score", "activity score", "omics"));
        f.Add(new("omics.ugt1a1_poor_metaboliser", "0/1", "omics"));
        f.AddRange(Catalogs.SomaticGenes.Select(g => new ModelFeature("omics.mut." + g, "0/1 mutated", "omics")));
        f.AddRange(Catalogs.ExpressionGenes.Select(g => new ModelFeature("omics.expr." + g, "log2(TPM+1)", "omics")));
        f.AddRange(Enumerable.Range(1, PatientFeatureRow.LesionSlots).Select(k => new ModelFeature($"imaging.lesion_{k}_mm", "mm", "imaging")));
        f.AddRange(Catalogs.RadiomicsFeatures.Select(r => new ModelFeature("imaging.radiomics." + r, r == "volume_ml" ? "mL" : "", "imaging")));
        return f;
    }

    /// <summary>The biomarker values of a featuriser row (NaN = missing).</summary>
    public static double[] Values(PatientFeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var values = new List<double>(Features.Count);
        values.AddRange(row.Clinical.Select(v => (double)v));
        values.AddRange(row.Labs.Select(v => (double)v));
        values.AddRange(row.OmicsScalars.Select(v => (double)v));
        values.AddRange(row.Mutations.Select(v => (double)v));
        values.AddRange(row.Expression.Select(v => (double)v));
        values.AddRange(row.Lesions.Select(v => (double)v));
        values.AddRange(row.Radiomics.Select(v => (double)v));
        return values.ToArray();
    }

    /// <summary>
    /// A copy of <paramref name="template"/> with the biomarkers replaced by <paramref name="values"/>; the presence
    /// flags of the four biomarker modalities follow the values (present when any value is not missing).
    /// </summary>
    public static PatientFeatureRow WithValues(PatientFeatureRow template, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (values.Count != Features.Count)
            throw new ArgumentException($"Biomarker row: expected {Features.Count} values, got {values.Count}.", nameof(values));
        var next = 0;
        float[] Take(int count)
        {
            var part = new float[count];
            for (var i = 0; i < count; i++) part[i] = (float)values[next++];
            return part;
        }
        var row = new PatientFeatureRow
        {
            PatientId = template.PatientId, Sex = template.Sex, TumourType = template.TumourType, Stage = template.Stage,
            SignalHours = template.SignalHours, HeartRate = template.HeartRate, Steps = template.Steps, SleepHours = template.SleepHours,
            Spo2 = template.Spo2, History = template.History, Note = template.Note,
        };
        row.Clinical = Take(PatientFeatureRow.ClinicalSize);
        row.Labs = Take(PatientFeatureRow.LabsSize);
        row.OmicsScalars = Take(PatientFeatureRow.OmicsScalarSize);
        row.Mutations = Take(Catalogs.SomaticGenes.Count);
        row.Expression = Take(Catalogs.ExpressionGenes.Count);
        row.Lesions = Take(PatientFeatureRow.LesionSlots);
        row.Radiomics = Take(Catalogs.RadiomicsFeatures.Count);
        var present = (float[])template.ModalityPresent.Clone();
        static float Any(params float[][] parts) => parts.Any(p => p.Any(v => !float.IsNaN(v))) ? 1f : 0f;
        present[0] = Any(row.Clinical);
        present[1] = Any(row.Labs);
        present[2] = Any(row.OmicsScalars, row.Mutations, row.Expression);
        present[3] = Any(row.Lesions, row.Radiomics);
        row.ModalityPresent = present;
        return row;
    }

    /// <summary>
    /// The generator's true response drivers of a regimen: the union of the drivers of every drug class it gives
    /// (chemo_immuno = chemotherapy and immunotherapy drivers), from <see cref="TrueDrivers.Response"/> or the
    /// cohort manifest's copy of it.
    /// </summary>
    public static IReadOnlyList<string> ResponseDrivers(string regimen, IReadOnlyDictionary<string, IReadOnlyList<string>>? drivers = null)
    {
        drivers ??= TrueDrivers.Response;
        var action = ActionSet.NsclcDefault.FirstOrDefault(a => a.Name == regimen)
            ?? throw new ArgumentException($"Unknown regimen '{regimen}' (known: {string.Join(", ", ActionSet.NsclcDefault.Select(a => a.Name))}).", nameof(regimen));
        var result = new List<string>();
        if (action.Chemotherapy > 0) result.AddRange(drivers["chemo"]);
        if (action.Targeted > 0) result.AddRange(drivers["targeted"]);
        if (action.Immunotherapy > 0) result.AddRange(drivers["immuno"]);
        return result.Distinct(StringComparer.Ordinal).ToList();
    }
}
