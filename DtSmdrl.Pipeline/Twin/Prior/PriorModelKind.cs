namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>The learner that maps the featurised baseline record to the twin latents and the responder status.</summary>
public enum PriorModelKind
{
    /// <summary>ML.NET LightGBM: a regression per latent and a binary model of the responder status.</summary>
    LightGbm,

    /// <summary>ML.NET linear models: SDCA regression per latent and L-BFGS logistic regression of the responder status (L2-regularised).</summary>
    Linear,
}
