namespace DtSmdrl.Pipeline.Twin.Inference;

/// <summary>
/// What was given and what was seen for one patient: the action of every cycle started so far and
/// the SLD and ANC measurements (at known days, under those actions).
/// </summary>
/// <param name="Actions">Action index of each cycle, in order (cycle k starts on day 21 k).</param>
/// <param name="Sld">Measured SLDs, mm.</param>
/// <param name="Anc">Measured ANCs, 10^9/L.</param>
public sealed record ObservedHistory(IReadOnlyList<int> Actions, IReadOnlyList<Measurement> Sld, IReadOnlyList<Measurement> Anc)
{
    /// <summary>Last day the actions cover (21 x number of cycles).</summary>
    public int LastCoveredDay => 21 * Actions.Count;

    /// <summary>Throws naming the measurement when a value or day is invalid or beyond the covered cycles.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Actions, nameof(Actions));
        ArgumentNullException.ThrowIfNull(Sld, nameof(Sld));
        ArgumentNullException.ThrowIfNull(Anc, nameof(Anc));
        Check(Sld, "SLD", allowZero: true);
        Check(Anc, "ANC", allowZero: false);
    }

    private void Check(IReadOnlyList<Measurement> values, string name, bool allowZero)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var m = values[i];
            if (m.Day < 0 || m.Day > LastCoveredDay)
            {
                throw new ArgumentException($"{name} measurement {i}: day {m.Day} is outside the {Actions.Count} cycles given (days 0-{LastCoveredDay}).");
            }

            if (!double.IsFinite(m.Value) || m.Value < 0 || (!allowZero && m.Value == 0))
            {
                throw new ArgumentException($"{name} measurement {i} (day {m.Day}): value {m.Value} must be finite and {(allowZero ? ">= 0" : "> 0")}.");
            }
        }
    }
}
