using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>Row selection on an <see cref="ObservationalDataset"/> (subsets and bootstrap resamples).</summary>
internal static class DatasetRows
{
    public static ObservationalDataset Select(ObservationalDataset data, int[] rows) => data with
    {
        Covariates = rows.Select(i => data.Covariates[i]).ToArray(),
        Treated = rows.Select(i => data.Treated[i]).ToArray(),
        Outcome = rows.Select(i => data.Outcome[i]).ToArray(),
    };
}
