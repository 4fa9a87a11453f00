namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// The particle posterior of one training patient given its retrospective course, started from the population prior:
/// the learned prior's regression targets.
/// </summary>
/// <param name="PatientId">Patient identifier (never logged).</param>
/// <param name="Mean">Posterior mean of each latent coordinate (<see cref="TwinPrior.LatentNames"/> order).</param>
/// <param name="Sd">Posterior standard deviation of each coordinate.</param>
/// <param name="ResponderProbability">Posterior P(immune responder).</param>
/// <param name="Measurements">SLD plus ANC measurements the posterior conditioned on.</param>
/// <param name="Seconds">Wall seconds of this patient's fit (on one worker).</param>
public sealed record PosteriorLatentFit(string PatientId, double[] Mean, double[] Sd, double ResponderProbability, int Measurements, double Seconds);
