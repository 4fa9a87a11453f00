using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>One generated patient: what is observed, and the ground truth kept apart from it.</summary>
public sealed record SyntheticPatient(
    int Index,
    string Id,
    CohortSplit Split,
    PatientRecord Observed,
    IReadOnlyList<OutcomeObservation> Retrospective,
    PatientTruth Truth);

/// <summary>
/// Ground truth of a synthetic patient (truth.jsonl): only the evaluation may read it.
/// </summary>
/// <param name="PatientId">Patient identifier.</param>
/// <param name="Covariates">The true covariates the prior was conditioned on.</param>
/// <param name="LatentZ">Standard-normal latent coordinates (<see cref="TwinPrior.LatentNames"/>).</param>
/// <param name="LesionCount">Number of target lesions.</param>
/// <param name="Responder">Immune responder latent.</param>
/// <param name="Parameters">The true twin's parameters.</param>
/// <param name="EvaluationSeed">Noise seed of the study's evaluation episodes (common random numbers).</param>
/// <param name="RetrospectiveSeed">Noise seed of the retrospective course.</param>
public sealed record PatientTruth(
    string PatientId,
    TwinCovariates Covariates,
    double[] LatentZ,
    int LesionCount,
    bool Responder,
    NsclcParameters Parameters,
    ulong EvaluationSeed,
    ulong RetrospectiveSeed);
