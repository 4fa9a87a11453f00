namespace DtSmdrl.Host.Engine;

/// <summary>
/// The engine declines to recommend for a patient, with the reason (e.g. inputs outside its training range). An
/// expected outcome, not a bug: the CLI prints the reason in one line and exits 1; jobs record it for the patient.
/// </summary>
public sealed class RecommendationRefusedException(string reason) : InvalidOperationException(reason);
