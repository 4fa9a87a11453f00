namespace DtSmdrl.Pipeline.Twin.Inference;

/// <summary>One observed value at a whole day since the start of treatment (day 0 = first cycle's day 1).</summary>
/// <param name="Day">Day of the measurement (0 = baseline, before the first dose).</param>
/// <param name="Value">Measured value (SLD in mm, or ANC in 10^9/L).</param>
public readonly record struct Measurement(int Day, double Value);
