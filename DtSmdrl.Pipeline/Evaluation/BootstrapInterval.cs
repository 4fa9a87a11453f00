namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>A point estimate with its 95% bootstrap percentile interval.</summary>
/// <param name="Estimate">The metric on the full sample; NaN when undefined (e.g. 0/0, median not reached).</param>
/// <param name="Lower">2.5th percentile of the bootstrap replicates; may be infinite or NaN (see <see cref="Bootstrap"/>).</param>
/// <param name="Upper">97.5th percentile of the bootstrap replicates; may be infinite or NaN.</param>
/// <param name="Resamples">Bootstrap resamples drawn.</param>
/// <param name="ValidResamples">Resamples whose metric was defined (not NaN) and entered the percentiles.</param>
public sealed record BootstrapInterval(double Estimate, double Lower, double Upper, int Resamples, int ValidResamples);
