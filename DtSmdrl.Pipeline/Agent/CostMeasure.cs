namespace DtSmdrl.Pipeline.Agent;

/// <summary>Which statistic of the episode costs the constraint J_c &lt;= limit is placed on.</summary>
public enum CostMeasure
{
    /// <summary>Mean episode cost over the episodes finished in the rollout (the expected cost).</summary>
    Mean,

    /// <summary>CVaR_alpha of episode cost within each environment group, averaged over groups (risk-sensitive).</summary>
    Cvar,
}
