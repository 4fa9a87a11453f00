namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// A point of the twin's latent space: standard-normal coordinates <see cref="Z"/> (one per continuous
/// prior component, see <see cref="TwinPrior"/>) plus the discrete latents. <see cref="TwinPrior.ToParameters"/>
/// maps it to <c>NsclcParameters</c>; the prior density of <see cref="Z"/> is N(0, I), which keeps the
/// posterior sampler simple.
/// </summary>
/// <param name="Z">Standard-normal coordinates, length <see cref="TwinPrior.LatentDimension"/>.</param>
/// <param name="LesionCount">Number of target lesions, 1-5.</param>
/// <param name="Responder">Immune responder latent.</param>
public sealed record TwinLatent(double[] Z, int LesionCount, bool Responder);
