namespace DtSmdrl.Plugins.Contracts.Causal;

/// <summary>Scale of an outcome, which fixes the effect measure.</summary>
public enum OutcomeKind
{
    /// <summary>Binary when every outcome is 0 or 1, continuous otherwise.</summary>
    Auto,
    /// <summary>0/1 outcome: the effect is a risk difference, learners are logistic.</summary>
    Binary,
    /// <summary>Numeric outcome: the effect is a mean difference, learners are regressions.</summary>
    Continuous,
}

/// <summary>What to estimate: labels for reporting, the outcome scale and the interval level.</summary>
/// <param name="TreatedLabel">Name of the treated arm (e.g. "Lev+5FU").</param>
/// <param name="ControlLabel">Name of the control arm (e.g. "Obs").</param>
/// <param name="OutcomeLabel">Name of the outcome (e.g. "status").</param>
/// <param name="Outcome">Outcome scale; <see cref="OutcomeKind.Auto"/> decides from the data.</param>
/// <param name="Level">Confidence level of every interval, in (0, 1).</param>
public sealed record EffectQuery(
    string TreatedLabel = "treated",
    string ControlLabel = "control",
    string OutcomeLabel = "outcome",
    OutcomeKind Outcome = OutcomeKind.Auto,
    double Level = 0.95);
