namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Decision-quality metrics against the oracle value J* (metrics.md, "Decision-quality metrics").
/// </summary>
/// <remarks>
/// metrics.md defines normalised value as J / J* and decision accuracy as J >= 0.95 J*, "or, when J* &lt;= 0,
/// within 5% of |J*| of it". Both are read here through one relative gap measured on the |J*| scale,
/// g = (J - J*) / |J*|:
/// <list type="bullet">
/// <item>Normalised value = 1 + g. For J* > 0 this is exactly J / J*. For J* &lt; 0 the literal ratio J / J*
/// would rank a worse J higher, so the |J*| scale is used as in the decision-accuracy rule; the value is
/// still 1 at the oracle and rises with J. For J* = 0 it is undefined: the patient is left out of the mean
/// (and the mean is NaN when no patient has J* != 0).</item>
/// <item>Decision accuracy needs no severe toxicity and J >= J* - 0.05 |J*|, i.e. 1 + g >= 0.95. For J* > 0
/// this is J >= 0.95 J*; for J* &lt;= 0 it is "within 5% of |J*|" read one-sided: doing better than the
/// oracle (possible for adaptive policies, the oracle being the best fixed plan) is never a miss.</item>
/// </list>
/// </remarks>
public static class DecisionMetrics
{
    /// <summary>Share of J* that counts as reaching the oracle in decision accuracy (metrics.md: 95%).</summary>
    public const double AccuracyFraction = 0.95;

    /// <summary>One patient's normalised value: J / J* for J* > 0, 1 + (J - J*) / |J*| for J* &lt; 0, NaN for J* = 0.</summary>
    public static double PatientNormalisedValue(double value, double oracleValue)
    {
        if (!double.IsFinite(value) || !double.IsFinite(oracleValue))
            throw new ArgumentException($"Normalised value needs finite J and J*, got J = {value}, J* = {oracleValue}.");
        if (oracleValue == 0.0) return double.NaN;
        return oracleValue > 0.0 ? value / oracleValue : 1.0 + (value - oracleValue) / Math.Abs(oracleValue);
    }

    /// <summary>
    /// Mean normalised value over the patients with J* != 0 (the paper's "optimisation performance");
    /// NaN when every patient has J* = 0. See the class remarks for J* &lt;= 0.
    /// </summary>
    public static double NormalisedValue(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(NormalisedValue));
        double sum = 0;
        var count = 0;
        foreach (var o in outcomes)
        {
            var normalised = PatientNormalisedValue(o.Value, o.OracleValue);
            if (double.IsNaN(normalised)) continue;
            sum += normalised;
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>
    /// Whether J reaches the oracle threshold: J >= 0.95 J* when J* > 0, J >= J* - 0.05 |J*| when J* &lt;= 0
    /// (so J >= 0 when J* = 0). Toxicity is not part of this test; see <see cref="IsAccurateDecision"/>.
    /// </summary>
    public static bool ReachesOracle(double value, double oracleValue, double fraction = AccuracyFraction)
    {
        if (!double.IsFinite(value) || !double.IsFinite(oracleValue))
            throw new ArgumentException($"Oracle test needs finite J and J*, got J = {value}, J* = {oracleValue}.");
        var threshold = oracleValue > 0.0
            ? fraction * oracleValue
            : oracleValue - (1.0 - fraction) * Math.Abs(oracleValue);
        return value >= threshold;
    }

    /// <summary>One patient counts as an accurate decision: no severe toxicity event and <see cref="ReachesOracle"/>.</summary>
    public static bool IsAccurateDecision(PatientOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return !outcome.HadSevereToxicity && ReachesOracle(outcome.Value, outcome.OracleValue);
    }

    /// <summary>Decision accuracy: share of patients with an accurate decision (metrics.md).</summary>
    public static double DecisionAccuracy(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(DecisionAccuracy));
        return outcomes.Count(IsAccurateDecision) / (double)outcomes.Count;
    }
}
