namespace DtSmdrl.Pipeline.Evaluation.Prior;

/// <summary>
/// One row of prior_eval.csv: how one prior scores on one quantity for a set of patients. Latent rows carry the mean
/// Gaussian CRPS against the true latent (z units) and the coverage of the central 90% interval; the responder row
/// carries the Brier score and ECE against the true responder status. NaN where a score does not apply.
/// </summary>
/// <param name="Model">The prior (population, biomarker, lightgbm, linear, course posterior, bayes ceiling).</param>
/// <param name="Patients">"test" or "train" (the patients scored).</param>
/// <param name="Quantity">A <see cref="Twin.Prior.TwinPrior.LatentNames"/> entry or "responder".</param>
/// <param name="Count">Patients scored.</param>
/// <param name="Crps">Mean Gaussian CRPS against the true latent, z units (latent rows).</param>
/// <param name="Coverage90">Share of true latents inside the central 90% interval (latent rows).</param>
/// <param name="Brier">Brier score against the true responder status (responder row).</param>
/// <param name="Ece">Expected calibration error, 15 equal-width bins (responder row).</param>
public sealed record PriorScoreRow(string Model, string Patients, string Quantity, int Count, double Crps, double Coverage90, double Brier, double Ece);
