namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>One training patient for the learned prior: its featurised baseline record and its course posterior.</summary>
/// <param name="Features">Featurised baseline record (all modalities, <see cref="Preprocessing.PatientFeaturizer"/>).</param>
/// <param name="Posterior">The posterior fit of its retrospective course (the targets).</param>
public sealed record PriorTrainingRow(float[] Features, PosteriorLatentFit Posterior);
