namespace DtSmdrl.Plugins.Contracts.Causal;

/// <summary>
/// Observational data for one treatment comparison, held in memory: row i has covariates
/// <c>Covariates[i]</c> (one value per name in <see cref="CovariateNames"/>, no missing values),
/// treatment indicator <c>Treated[i]</c> (true = treated arm, false = control arm) and outcome
/// <c>Outcome[i]</c> (0/1 for a binary outcome, any finite number for a continuous one).
/// </summary>
/// <param name="CovariateNames">Names of the covariate columns, in the order of each row's values.</param>
/// <param name="Covariates">One row of covariate values per unit.</param>
/// <param name="Treated">Treatment indicator per unit.</param>
/// <param name="Outcome">Outcome per unit.</param>
public sealed record ObservationalDataset(
    IReadOnlyList<string> CovariateNames,
    double[][] Covariates,
    bool[] Treated,
    double[] Outcome)
{
    /// <summary>Number of units (rows).</summary>
    public int Count => Outcome.Length;

    /// <summary>Number of treated units.</summary>
    public int TreatedCount => Treated.Count(t => t);

    /// <summary>Number of control units.</summary>
    public int ControlCount => Count - TreatedCount;

    /// <summary>Checks shapes and values; throws <see cref="ArgumentException"/> naming the row and covariate.</summary>
    public void Validate()
    {
        if (Covariates.Length != Count || Treated.Length != Count)
            throw new ArgumentException($"ObservationalDataset: {Covariates.Length} covariate rows, {Treated.Length} treatment values and {Count} outcomes; the three must have the same length.");
        for (var i = 0; i < Count; i++)
        {
            if (Covariates[i].Length != CovariateNames.Count)
                throw new ArgumentException($"ObservationalDataset: row {i} has {Covariates[i].Length} covariate values, expected {CovariateNames.Count} ({string.Join(", ", CovariateNames)}).");
            for (var j = 0; j < CovariateNames.Count; j++)
            {
                if (!double.IsFinite(Covariates[i][j]))
                    throw new ArgumentException($"ObservationalDataset: row {i}, covariate '{CovariateNames[j]}' is {Covariates[i][j]}; impute missing values before estimation.");
            }
            if (!double.IsFinite(Outcome[i]))
                throw new ArgumentException($"ObservationalDataset: row {i}, outcome is {Outcome[i]}.");
        }
        if (TreatedCount < 2 || ControlCount < 2)
            throw new ArgumentException($"ObservationalDataset: {TreatedCount} treated and {ControlCount} control rows; each arm needs at least 2.");
    }
}
