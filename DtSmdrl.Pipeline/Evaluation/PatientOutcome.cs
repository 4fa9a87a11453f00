namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// What one method achieved on one test patient's true twin in one replicate of the dice: the plain record every
/// metric in this folder works on (metrics.md, "The evaluation protocol"). It carries no twin or model types, so the
/// study harness fills it from whatever ran the episode. The patient-level reference values V* and V_hold are the
/// same on every replicate of a patient.
/// </summary>
public sealed record PatientOutcome
{
    /// <summary>Default end of follow-up for progression, in days (metrics.md: follow-up to day 364).</summary>
    public const double DefaultFollowUpDays = 364.0;

    /// <summary>Test patient identifier; paired comparisons and multi-seed tables match records on it.</summary>
    public required string PatientId { get; init; }

    /// <summary>
    /// Probability, stated before execution, that the chosen plan yields an objective response (CR/PR),
    /// in [0, 1]. NaN when the method states none; such patients are left out of precision, recall and ECE.
    /// </summary>
    public double StatedResponseProbability { get; init; } = double.NaN;

    /// <summary>Best overall response on the true twin (RECIST 1.1).</summary>
    public required RecistResponse BestOverallResponse { get; init; }

    /// <summary>Sum of longest diameters at baseline, mm; must be positive.</summary>
    public required double BaselineSldMm { get; init; }

    /// <summary>Smallest post-baseline SLD, mm (may exceed baseline when the tumour only grew).</summary>
    public required double NadirSldMm { get; init; }

    /// <summary>Simulated progression-free survival time, days: time of first PD or death, or of censoring.</summary>
    public required double PfsDays { get; init; }

    /// <summary>True when <see cref="PfsDays"/> is a progression or death; false when censored at the end of follow-up.</summary>
    public required bool PfsEvent { get; init; }

    /// <summary>At least one severe toxicity event (grade 4 neutropenia, grade >= 3 irAE, or any other grade >= 4 event).</summary>
    public required bool HadSevereToxicity { get; init; }

    /// <summary>The twin's cost signal summed over the episode (the constrained-RL cost); larger is worse.</summary>
    public required double EpisodeToxicityCost { get; init; }

    /// <summary>J of this replicate: quality-adjusted (Q-TWiST) days over the follow-up, on the true twin.</summary>
    public required double Value { get; init; }

    /// <summary>V*: the perfect-information planner's value of this patient (mean J over the evaluation replicates).</summary>
    public required double PerfectValue { get; init; }

    /// <summary>V_hold: no treatment's value of this patient (mean J over the evaluation replicates).</summary>
    public required double HoldValue { get; init; }

    /// <summary>Index of the dice replicate; a patient's records are told apart by it.</summary>
    public int Replicate { get; init; }

    /// <summary>Days alive with a grade >= 3 toxicity (J is recomputed from the day counts for other utilities).</summary>
    public double ToxicityDays { get; init; }

    /// <summary>Days alive without toxicity before progression.</summary>
    public double TwistDays { get; init; }

    /// <summary>Days alive without toxicity after progression.</summary>
    public double RelapseDays { get; init; }

    /// <summary>The three day counts.</summary>
    public QtwistDays Days => new(ToxicityDays, TwistDays, RelapseDays);

    /// <summary>Toxicity per treatment cycle, for the toxicity-over-cycles figure; empty when not recorded.</summary>
    public IReadOnlyList<double> ToxicityPerCycle { get; init; } = [];

    /// <summary>
    /// Checks every field for values the metrics cannot use and throws an <see cref="ArgumentException"/>
    /// naming the patient and the field.
    /// </summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(PatientId))
            throw new ArgumentException("PatientOutcome.PatientId is empty.");
        var p = StatedResponseProbability;
        if (!double.IsNaN(p) && (p < 0.0 || p > 1.0))
            Fail(nameof(StatedResponseProbability), p, "must be in [0, 1] or NaN when no probability is stated");
        if (!Enum.IsDefined(BestOverallResponse))
            throw new ArgumentException($"PatientOutcome '{PatientId}': field {nameof(BestOverallResponse)} has undefined value {(int)BestOverallResponse}.");
        if (!(BaselineSldMm > 0.0) || double.IsInfinity(BaselineSldMm))
            Fail(nameof(BaselineSldMm), BaselineSldMm, "must be a positive finite number");
        if (!(NadirSldMm >= 0.0) || double.IsInfinity(NadirSldMm))
            Fail(nameof(NadirSldMm), NadirSldMm, "must be a finite number >= 0");
        if (!(PfsDays >= 0.0) || double.IsInfinity(PfsDays))
            Fail(nameof(PfsDays), PfsDays, "must be a finite number >= 0");
        if (!double.IsFinite(EpisodeToxicityCost))
            Fail(nameof(EpisodeToxicityCost), EpisodeToxicityCost, "must be finite");
        if (!double.IsFinite(Value))
            Fail(nameof(Value), Value, "must be finite");
        if (!double.IsFinite(PerfectValue))
            Fail(nameof(PerfectValue), PerfectValue, "must be finite");
        if (!double.IsFinite(HoldValue))
            Fail(nameof(HoldValue), HoldValue, "must be finite");
        if (Replicate < 0)
            Fail(nameof(Replicate), Replicate, "must be >= 0");
        if (!(ToxicityDays >= 0.0) || double.IsInfinity(ToxicityDays))
            Fail(nameof(ToxicityDays), ToxicityDays, "must be a finite number >= 0");
        if (!(TwistDays >= 0.0) || double.IsInfinity(TwistDays))
            Fail(nameof(TwistDays), TwistDays, "must be a finite number >= 0");
        if (!(RelapseDays >= 0.0) || double.IsInfinity(RelapseDays))
            Fail(nameof(RelapseDays), RelapseDays, "must be a finite number >= 0");
        for (var cycle = 0; cycle < ToxicityPerCycle.Count; cycle++)
            if (!double.IsFinite(ToxicityPerCycle[cycle]))
                Fail($"{nameof(ToxicityPerCycle)}[{cycle}]", ToxicityPerCycle[cycle], "must be finite");
    }

    private void Fail(string field, double value, string rule) =>
        throw new ArgumentException(
            $"PatientOutcome '{PatientId}': field {field} = {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {rule}.");
}
