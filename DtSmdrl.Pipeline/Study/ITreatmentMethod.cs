namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// One arm of the study (Clinical Baseline, Supervised Model, DRL, ...). A method learns from the
/// training and validation patients' observed data and retrospective outcomes only; it never sees
/// a true twin. For the test patients it returns a policy and, before execution, the probability
/// that its plan yields an objective response (metrics.md "Response prediction").
/// </summary>
public interface ITreatmentMethod
{
    /// <summary>Display name, as metrics.csv's method column uses it.</summary>
    string Name { get; }

    /// <summary>Whether results depend on a training seed (then the study runs several seeds).</summary>
    bool IsLearned { get; }

    /// <summary>Learns from the training and validation patients.</summary>
    void Fit(StudyData data, int seed, IProgress<string>? progress = null);

    /// <summary>The policy and stated response probabilities for the given test patients.</summary>
    MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients);
}

/// <summary>A method's decisions for a batch of test patients.</summary>
/// <param name="Policy">Per-cycle decision rule for the batch.</param>
/// <param name="StatedResponseProbability">Per patient, in batch order; NaN where the method states none.</param>
public sealed record MethodPlan(ITreatmentPolicy Policy, double[] StatedResponseProbability);
