using System.Globalization;

namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// The Q-TWiST utility weights of metrics.md ("Utility: quality-adjusted time"): a day alive with a grade >= 3 toxicity
/// counts <see cref="Toxicity"/>, a day after progression counts <see cref="Relapse"/>, any other day alive counts 1.
/// </summary>
/// <param name="Toxicity">u_TOX in [0, 1] (default 0.5).</param>
/// <param name="Relapse">u_REL in [0, 1] (default 0.5).</param>
public readonly record struct QtwistUtility(double Toxicity, double Relapse)
{
    /// <summary>metrics.md's defaults: u_TOX = u_REL = 0.5.</summary>
    public static QtwistUtility Default { get; } = new(0.5, 0.5);

    /// <summary>The sensitivity table's grid: u_TOX, u_REL in {0.25, 0.5, 0.75}, u_TOX varying slowest.</summary>
    public static IReadOnlyList<QtwistUtility> SensitivityGrid { get; } =
        [.. from t in new[] { 0.25, 0.5, 0.75 } from r in new[] { 0.25, 0.5, 0.75 } select new QtwistUtility(t, r)];

    /// <summary>J in days for the three day counts.</summary>
    public double Value(QtwistDays days) => Toxicity * days.Toxicity + days.Twist + Relapse * days.Relapse;

    /// <summary>Throws naming the weight when one is outside [0, 1].</summary>
    public void Validate()
    {
        if (!(Toxicity >= 0.0 && Toxicity <= 1.0))
            throw new ArgumentException($"Q-TWiST utility u_TOX = {Toxicity.ToString(CultureInfo.InvariantCulture)} must be in [0, 1].");
        if (!(Relapse >= 0.0 && Relapse <= 1.0))
            throw new ArgumentException($"Q-TWiST utility u_REL = {Relapse.ToString(CultureInfo.InvariantCulture)} must be in [0, 1].");
    }
}
