using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Planning;

/// <summary>
/// Where Twin-MPC's twin beliefs come from: today the biomarker-conditioned prior with the particle posterior
/// (<see cref="BiomarkerPosteriorSource"/>); a learned prior slots in by implementing this.
/// </summary>
public interface ITwinBeliefSource
{
    /// <summary>Short description for logs and reports.</summary>
    string Description { get; }

    /// <summary>Learns what the prior needs from the training data (nothing for a fixed prior). Deterministic for a seed.</summary>
    void Fit(StudyData data, int seed, IProgress<string>? progress = null);

    /// <summary>A fresh belief for one patient from the observed record only; deterministic for <paramref name="seed"/>.</summary>
    ITwinBelief Start(PatientRecord observed, int seed);
}
