namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>What the shield reads: per patient and action, the forecast probability of a severe toxicity event in the next cycle.</summary>
public interface IToxicityForecaster
{
    /// <summary>A new episode of the same patients starts (day 0).</summary>
    void Restart();

    /// <summary>Writes P(severe toxicity next cycle) per patient and action (patients x actions).</summary>
    void Forecast(Span<double> probabilities);

    /// <summary>The cycle was given: <paramref name="given"/> holds each patient's action.</summary>
    void Advance(ReadOnlySpan<int> given);
}
