namespace DtSmdrl.Plugins.Contracts.Causal;

/// <summary>One dose given (or planned) on a day.</summary>
/// <param name="Day">Day since baseline.</param>
/// <param name="Drug">Drug or modality, e.g. "cisplatin", "radiotherapy".</param>
/// <param name="Amount">Amount in the unit below.</param>
/// <param name="Unit">Unit, e.g. "mg/m2", "Gy".</param>
public sealed record DoseEvent(double Day, string Drug, double Amount, string Unit);

/// <summary>One observed measurement of a patient.</summary>
/// <param name="Day">Day since baseline.</param>
/// <param name="Variable">What was measured, e.g. "tumour_volume", "anc".</param>
/// <param name="Value">Measured value.</param>
public sealed record Observation(double Day, string Variable, double Value);

/// <summary>What is known about a patient up to now: baseline covariates, measurements and doses given.</summary>
/// <param name="PatientId">Identifier.</param>
/// <param name="Baseline">Baseline covariates by name.</param>
/// <param name="Observations">Measurements, in time order.</param>
/// <param name="DosesGiven">Doses already given, in time order.</param>
public sealed record PatientHistory(
    string PatientId,
    IReadOnlyDictionary<string, double> Baseline,
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<DoseEvent> DosesGiven);

/// <summary>
/// A named treatment plan, doses on days since baseline. A plan whose doses all fall after the observed history
/// continues it ("what if we give B from now on"); a plan with a dose inside the observed period replaces the
/// doses actually given ("what would have happened under B instead of A").
/// </summary>
public sealed record TreatmentRegimen(string Name, IReadOnlyList<DoseEvent> Doses);

/// <summary>Which regimens to compare, for which variables, how far ahead and with which interval.</summary>
/// <param name="Regimens">Regimens to simulate (the first is the reference when comparing).</param>
/// <param name="Variables">Variables to report.</param>
/// <param name="HorizonDays">Days ahead of the last observation.</param>
/// <param name="StepDays">Spacing of the reported points.</param>
/// <param name="Level">Interval level in (0, 1).</param>
/// <param name="Seed">Seed of any sampling.</param>
public sealed record CounterfactualRequest(
    IReadOnlyList<TreatmentRegimen> Regimens,
    IReadOnlyList<string> Variables,
    double HorizonDays,
    double StepDays = 7,
    double Level = 0.9,
    int Seed = 1);

/// <summary>Predicted value of one variable at one day: the posterior-predictive median and central interval.</summary>
public sealed record TrajectoryPoint(double Day, string Variable, double Median, double Lower, double Upper);

/// <summary>The predicted course of a patient under one regimen.</summary>
public sealed record CounterfactualTrajectory(string Regimen, IReadOnlyList<TrajectoryPoint> Points);

/// <summary>Per-regimen counterfactual trajectories of one patient.</summary>
public sealed record CounterfactualResult(
    string Simulator,
    string PatientId,
    IReadOnlyList<CounterfactualTrajectory> Trajectories,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Simulates what would happen to one patient under alternative regimens, given the observed history
/// (contract version <see cref="CausalContract.Version"/>). Built-in: the twin-backed
/// <c>TwinCounterfactualSimulator</c> (abduction, action, prediction).
/// </summary>
[PluginContract("causal", CausalContract.Version)]
public interface ICounterfactualSimulator
{
    /// <summary>Short, stable name shown in reports.</summary>
    string Name { get; }

    /// <summary>One trajectory per requested regimen, each point with an interval at <see cref="CounterfactualRequest.Level"/>.</summary>
    CounterfactualResult Simulate(PatientHistory history, CounterfactualRequest request);
}
