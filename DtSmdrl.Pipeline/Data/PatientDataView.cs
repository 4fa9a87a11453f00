using DtSmdrl.Pipeline.Data.Records;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Data;

/// <summary>Turns patient records into the ML.NET IDataView that the preprocessing pipeline reads.</summary>
public static class PatientDataView
{
    /// <summary>A lazily enumerated view: records stream through without being copied into memory.</summary>
    public static IDataView Create(MLContext ml, IEnumerable<PatientRecord> records) =>
        ml.Data.LoadFromEnumerable(records.Select(ToRow));

    /// <summary>The flat row of one record (explicit missingness as NaN; nothing imputed).</summary>
    public static PatientFeatureRow ToRow(PatientRecord r)
    {
        var row = new PatientFeatureRow { PatientId = r.PatientId };
        Array.Fill(row.Clinical, float.NaN);
        Array.Fill(row.Labs, float.NaN);
        Array.Fill(row.Mutations, float.NaN);
        Array.Fill(row.OmicsScalars, float.NaN);
        Array.Fill(row.Expression, float.NaN);
        Array.Fill(row.Lesions, float.NaN);
        Array.Fill(row.Radiomics, float.NaN);
        Array.Fill(row.History, float.NaN);

        if (r.Clinical is { } c)
        {
            row.Clinical = [(float)c.AgeYears, c.Ecog, c.PriorLines, F(c.SmokingPackYears)];
            row.Sex = c.Sex;
            row.TumourType = c.TumourType;
            row.Stage = c.Stage;
        }
        if (r.Labs is { } l)
            row.Labs = [F(l.Anc10e9PerL), F(l.HemoglobinGPerDl), F(l.Platelets10e9PerL), F(l.CreatinineMgPerDl), F(l.EgfrMlPerMin),
                F(l.AltUPerL), F(l.AstUPerL), F(l.BilirubinMgPerDl), F(l.LdhUPerL), F(l.AlbuminGPerDl)];
        if (r.Omics is { } o)
        {
            for (var g = 0; g < Catalogs.SomaticGenes.Count; g++)
                if (o.SomaticMutations.TryGetValue(Catalogs.SomaticGenes[g], out var m)) row.Mutations[g] = m ? 1 : 0;
            for (var g = 0; g < Catalogs.ExpressionGenes.Count; g++)
                if (o.ExpressionLog2Tpm.TryGetValue(Catalogs.ExpressionGenes[g], out var e)) row.Expression[g] = (float)e;
            row.OmicsScalars = [F(o.TmbMutPerMb), F(o.Pdl1TpsPct), F(o.DpydActivityScore), o.Ugt1a1PoorMetaboliser is { } u ? (u ? 1 : 0) : float.NaN];
        }
        if (r.Imaging is { } i)
        {
            for (var k = 0; k < Math.Min(i.LesionDiametersMm.Count, PatientFeatureRow.LesionSlots); k++) row.Lesions[k] = (float)i.LesionDiametersMm[k];
            for (var k = 0; k < Catalogs.RadiomicsFeatures.Count; k++)
                if (i.Radiomics.TryGetValue(Catalogs.RadiomicsFeatures[k], out var v)) row.Radiomics[k] = (float)v;
        }
        if (r.Signals is { Samples.Count: > 0 } s)
        {
            var start = s.Samples[0].Timestamp;
            row.SignalHours = s.Samples.Select(x => (float)(x.Timestamp - start).TotalHours).ToArray();
            row.HeartRate = s.Samples.Select(x => F(x.HeartRateBpm)).ToArray();
            row.Steps = s.Samples.Select(x => F(x.Steps)).ToArray();
            row.SleepHours = s.Samples.Select(x => F(x.SleepHours)).ToArray();
            row.Spo2 = s.Samples.Select(x => F(x.Spo2Pct)).ToArray();
        }
        if (r.History is { } h)
            row.History =
            [
                h.Courses.Count,
                h.Courses.Count(x => x.Regimen is "chemo_full" or "chemo_reduced" or "chemo_immuno"),
                h.Courses.Count(x => x.Regimen == "targeted"),
                h.Courses.Count(x => x.Regimen is "immuno" or "chemo_immuno"),
            ];
        row.Note = r.Note ?? "";
        row.ModalityPresent =
        [
            r.Clinical is null ? 0 : 1, r.Labs is null ? 0 : 1, r.Omics is null ? 0 : 1, r.Imaging is null ? 0 : 1,
            r.Signals is null ? 0 : 1, r.History is null ? 0 : 1, string.IsNullOrWhiteSpace(r.Note) ? 0 : 1,
        ];
        return row;
    }

    private static float F(double? value) => value is { } v ? (float)v : float.NaN;
}
