namespace DtSmdrl.Plugins.Contracts.Causal;

/// <summary>
/// Right-censored time-to-event data for one treatment comparison: row i has covariates
/// <c>Covariates[i]</c> (no missing values), treatment <c>Treated[i]</c>, follow-up time <c>Time[i]</c>
/// (0 or more) and <c>Event[i]</c> (true = the event was observed at <c>Time[i]</c>, false = censored then).
/// </summary>
public sealed record TimeToEventDataset(
    IReadOnlyList<string> CovariateNames,
    double[][] Covariates,
    bool[] Treated,
    double[] Time,
    bool[] Event)
{
    /// <summary>Number of units (rows).</summary>
    public int Count => Time.Length;

    /// <summary>Number of treated units.</summary>
    public int TreatedCount => Treated.Count(t => t);

    /// <summary>Number of control units.</summary>
    public int ControlCount => Count - TreatedCount;

    /// <summary>Checks shapes and values; throws <see cref="ArgumentException"/> naming the row and field.</summary>
    public void Validate()
    {
        if (Covariates.Length != Count || Treated.Length != Count || Event.Length != Count)
            throw new ArgumentException($"TimeToEventDataset: {Covariates.Length} covariate rows, {Treated.Length} treatment values, {Event.Length} event values and {Count} times; all must have the same length.");
        for (var i = 0; i < Count; i++)
        {
            if (Covariates[i].Length != CovariateNames.Count)
                throw new ArgumentException($"TimeToEventDataset: row {i} has {Covariates[i].Length} covariate values, expected {CovariateNames.Count}.");
            for (var j = 0; j < CovariateNames.Count; j++)
            {
                if (!double.IsFinite(Covariates[i][j]))
                    throw new ArgumentException($"TimeToEventDataset: row {i}, covariate '{CovariateNames[j]}' is {Covariates[i][j]}; impute missing values before estimation.");
            }
            if (!(double.IsFinite(Time[i]) && Time[i] >= 0))
                throw new ArgumentException($"TimeToEventDataset: row {i}, time is {Time[i]}; times must be finite and 0 or more.");
        }
        if (TreatedCount < 2 || ControlCount < 2)
            throw new ArgumentException($"TimeToEventDataset: {TreatedCount} treated and {ControlCount} control rows; each arm needs at least 2.");
        if (!Event.Any(e => e))
            throw new ArgumentException("TimeToEventDataset: no row has an event; hazard ratios and survival differences need events.");
    }
}
