using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>Experiment settings of the batched NSCLC simulator (the model's parameters are per patient).</summary>
public sealed record NsclcSimulationOptions
{
    /// <summary>Actions available each cycle.</summary>
    public ActionSet Actions { get; init; } = ActionSet.NsclcDefault;

    /// <summary>Q-TWiST utilities (the reward) and severe-event weights (the cost).</summary>
    public NsclcRewardOptions Rewards { get; init; } = new();

    /// <summary>RK4 step, days; must divide one day (0.25 by default, see <c>Rk4Solver</c>).</summary>
    public double StepSize { get; init; } = 0.25;

    /// <summary>Days between tumour scans (RECIST assessments); 42 = every 2 cycles.</summary>
    public int ScanIntervalDays { get; init; } = 42;

    /// <summary>
    /// Absolute part of the SLD measurement noise SD, mm. The noise is Gaussian with
    /// SD = sqrt(SldNoiseSd^2 + (SldNoiseCv * SLD)^2): with the defaults 4.5 mm at the median 80 mm SLD
    /// (twin-models.md: about 5 mm to start) and smaller for small tumours, whose false progression
    /// calls would otherwise dominate PFS.
    /// </summary>
    public double SldNoiseSd { get; init; } = 2.0;

    /// <summary>Relative part of the SLD measurement noise SD (fraction of the true SLD).</summary>
    public double SldNoiseCv { get; init; } = 0.05;

    /// <summary>Coefficient of variation of the log-normal ANC measurement noise.</summary>
    public double AncNoiseCv { get; init; } = 0.10;

    /// <summary>Whether grade >= 3 irAEs are drawn (per cycle with the antibody).</summary>
    public bool IraeEnabled { get; init; } = true;

    /// <summary>Whether grade >= 3 targeted-therapy events (EGFR TKI rash, diarrhoea, ILD) are drawn (per cycle with the kinase inhibitor).</summary>
    public bool TargetedEventsEnabled { get; init; } = true;

    /// <summary>Whether patients die when their cumulative hazard passes their Exp(1) threshold.</summary>
    public bool DeathEnabled { get; init; } = true;

    /// <summary>
    /// Solver-step kernel of the batched simulator: <see cref="TwinKernel.Simd"/> (default) or <see cref="TwinKernel.Scalar"/>
    /// (bit-equal to the single-patient reference; slower). The two agree to rounding (see the batched-simulator tests).
    /// </summary>
    public TwinKernel Kernel { get; init; } = TwinKernel.Simd;

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Actions, nameof(Actions));
        ArgumentNullException.ThrowIfNull(Rewards, nameof(Rewards));
        Rewards.Validate();
        var perDay = 1.0 / StepSize;
        if (!(StepSize > 0) || Math.Abs(Math.Round(perDay) - perDay) > 1e-9)
        {
            throw new ArgumentException($"{nameof(NsclcSimulationOptions)}.{nameof(StepSize)} = {StepSize} must be > 0 and divide one day evenly.");
        }

        if (!Enum.IsDefined(Kernel))
        {
            throw new ArgumentException($"{nameof(NsclcSimulationOptions)}.{nameof(Kernel)} = {Kernel} is not a known kernel (Simd or Scalar).");
        }

        if (ScanIntervalDays <= 0)
        {
            throw new ArgumentException($"{nameof(NsclcSimulationOptions)}.{nameof(ScanIntervalDays)} = {ScanIntervalDays} must be > 0.");
        }

        if (!double.IsFinite(SldNoiseSd) || SldNoiseSd < 0)
        {
            throw new ArgumentException($"{nameof(NsclcSimulationOptions)}.{nameof(SldNoiseSd)} = {SldNoiseSd} must be >= 0.");
        }

        if (!double.IsFinite(SldNoiseCv) || SldNoiseCv < 0)
        {
            throw new ArgumentException($"{nameof(NsclcSimulationOptions)}.{nameof(SldNoiseCv)} = {SldNoiseCv} must be >= 0.");
        }

        if (!double.IsFinite(AncNoiseCv) || AncNoiseCv < 0)
        {
            throw new ArgumentException($"{nameof(NsclcSimulationOptions)}.{nameof(AncNoiseCv)} = {AncNoiseCv} must be >= 0.");
        }
    }
}
