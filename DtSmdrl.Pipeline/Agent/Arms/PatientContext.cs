using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The patient part of a personalised agent's observation, from the OBSERVED record only, and the
/// covariates that condition the patient's twin prior. Until the fusion model provides an embedding
/// this is a small hand-made vector: each value scaled to about unit range, 0 where missing, with a
/// missing flag per group.
/// Layout: egfr, egfr_missing, pdl1/100, tmb/20, pdl1_tmb_missing, age/100, ecog/4, clinical_missing,
/// baseline_sld/100, imaging_missing, anc/5, labs_missing, cd8a, cxcl9, ifng, gzmb, abcb1, mki67 (each /10),
/// expression_missing.
/// </summary>
public static class PatientContext
{
    public const int Size = 19;

    public static float[] Features(PatientRecord r)
    {
        var f = new float[Size];
        var omics = r.Omics;
        if (omics?.SomaticMutations.TryGetValue("EGFR", out var egfr) == true) f[0] = egfr ? 1 : 0; else f[1] = 1;
        if (omics?.Pdl1TpsPct is { } tps && omics.TmbMutPerMb is { } tmb) { f[2] = (float)(tps / 100); f[3] = (float)(tmb / 20); }
        else
        {
            f[2] = (float)((omics?.Pdl1TpsPct ?? 0) / 100);
            f[3] = (float)((omics?.TmbMutPerMb ?? 0) / 20);
            f[4] = 1;
        }
        if (r.Clinical is { } c) { f[5] = (float)(c.AgeYears / 100); f[6] = c.Ecog / 4f; } else f[7] = 1;
        if (r.Imaging is { } img) f[8] = (float)(img.LesionDiametersMm.Sum() / 100); else f[9] = 1;
        if (r.Labs?.Anc10e9PerL is { } anc) f[10] = (float)(anc / 5); else f[11] = 1;
        string[] genes = ["CD8A", "CXCL9", "IFNG", "GZMB", "ABCB1", "MKI67"];
        if (omics is { ExpressionLog2Tpm.Count: > 0 })
            for (var g = 0; g < genes.Length; g++)
                f[12 + g] = omics.ExpressionLog2Tpm.TryGetValue(genes[g], out var v) ? (float)(v / 10) : 0;
        else f[18] = 1;
        return f;
    }

    /// <summary>Draws the patient's personalised twins: each from the prior conditioned on the observed record.</summary>
    public static NsclcParameters[] SampleTwins(PatientRecord r, TwinPrior prior, int count, Random rng) =>
        Enumerable.Range(0, count).Select(_ => prior.SampleConditional(prior.ObservedCovariates(r, rng), rng)).ToArray();
}
