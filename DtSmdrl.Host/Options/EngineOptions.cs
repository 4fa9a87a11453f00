using System.ComponentModel.DataAnnotations;

namespace DtSmdrl.Host.Options;

/// <summary>The recommendation engine, training and promotion, bound from the "Engine" configuration section.</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>Engine name: "supervised-twin" (supervised baseline + twin forecasts) or "meta-ppo" (the DT-SMDRL agent).</summary>
    [Required]
    [RegularExpression("^(supervised-twin|meta-ppo)$", ErrorMessage = "Engine:Name must be 'supervised-twin' or 'meta-ppo'.")]
    public string Name { get; set; } = "supervised-twin";

    /// <summary>Folder for model files (one file per model version).</summary>
    [Required(ErrorMessage = "Engine:ModelFolder is required.")]
    public string ModelFolder { get; set; } = "models";

    /// <summary>Cohort folder (from `dtsmdrl synth`) that `retrain` trains and evaluates on; its test split is the held-out set.</summary>
    public string? CohortFolder { get; set; }

    /// <summary>
    /// Train also on the courses stored in the database (patients outside the held-out split whose stored
    /// outcomes include a scan after baseline): the latest outcomes replace the cohort's course of the same patient.
    /// </summary>
    public bool IncludeStoredOutcomes { get; set; } = true;

    /// <summary>Training seed.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// A candidate is promoted only if its held-out Brier score is at most the current model's plus this margin
    /// (0 = must not be worse at all).
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Engine:PromotionMargin must be 0-1.")]
    public double PromotionMargin { get; set; } = 0.005;

    /// <summary>Regimens given first to fewer training patients are not modelled.</summary>
    [Range(5, 100_000, ErrorMessage = "Engine:MinimumPatientsPerRegimen must be >= 5.")]
    public int MinimumPatientsPerRegimen { get; set; } = 30;

    /// <summary>Use the quick trainer grid (4 candidates) instead of the default (8).</summary>
    public bool QuickGrid { get; set; } = true;

    /// <summary>Cycles in a recommended plan.</summary>
    [Range(1, 12, ErrorMessage = "Engine:PlanCycles must be 1-12.")]
    public int PlanCycles { get; set; } = 4;

    /// <summary>Posterior samples simulated per candidate regimen.</summary>
    [Range(8, 5000, ErrorMessage = "Engine:PosteriorSamples must be 8-5000.")]
    public int PosteriorSamples { get; set; } = 128;

    /// <summary>
    /// Prior strength of the supervised model against the twin, in cycles of outcome data: the twin forecast's
    /// weight is (cycles + 1) / (cycles + 1 + TwinPriorCycles).
    /// </summary>
    [Range(0.0, 100.0, ErrorMessage = "Engine:TwinPriorCycles must be 0-100.")]
    public double TwinPriorCycles { get; set; } = 2;

    /// <summary>
    /// How far beyond the training range a record's numeric input may lie before the recommendation is refused,
    /// as a fraction of the training span (max - min) on each side; 0 = exactly the training range.
    /// </summary>
    [Range(0.0, 10.0, ErrorMessage = "Engine:TrainingRangeMargin must be 0-10.")]
    public double TrainingRangeMargin { get; set; } = 0.25;
}
