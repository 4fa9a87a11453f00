using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Twin.Calibration;

/// <summary>Settings of the virtual trials that <see cref="TwinCalibration"/> runs.</summary>
public sealed record TwinCalibrationOptions
{
    /// <summary>Virtual patients per trial population (both arms of a trial share them: common random numbers).</summary>
    public int PatientsPerArm { get; init; } = 2000;

    /// <summary>Seed of the virtual populations and their noise seeds.</summary>
    public int Seed { get; init; } = 20240611;

    /// <summary>Follow-up of each virtual trial, days (35 cycles, about 24 months).</summary>
    public int FollowUpDays { get; init; } = 735;

    /// <summary>Chemotherapy cycles in the chemotherapy arms (KEYNOTE-024: 4-6).</summary>
    public int ChemoCycles { get; init; } = 6;

    /// <summary>Maximum antibody cycles (KEYNOTE-024: 35).</summary>
    public int MaxAntibodyCycles { get; init; } = 35;

    /// <summary>Worker threads of the simulator (results do not depend on it).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Allowed |simulated - published| ORR, as a fraction (0.05 = 5 points).</summary>
    public double OrrTolerance { get; init; } = 0.05;

    /// <summary>Allowed |simulated - published| median PFS, months.</summary>
    public double PfsToleranceMonths { get; init; } = 1.0;

    /// <summary>Allowed |simulated - published| share with a grade >= 3 treatment-related event, fraction.</summary>
    public double ToxicityTolerance { get; init; } = 0.05;

    /// <summary>Share of EGFR-mutant patients in the IPASS population (Mok 2009: 59.7% of patients with a known status).</summary>
    public double IpassEgfrMutantShare { get; init; } = 0.597;

    /// <summary>Simulator settings (scan interval 42 days, noise, step).</summary>
    public NsclcSimulationOptions Simulation { get; init; } = new();

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public void Validate()
    {
        if (PatientsPerArm < 10)
        {
            throw new ArgumentException($"{nameof(TwinCalibrationOptions)}.{nameof(PatientsPerArm)} = {PatientsPerArm} must be >= 10.");
        }

        if (FollowUpDays < 42)
        {
            throw new ArgumentException($"{nameof(TwinCalibrationOptions)}.{nameof(FollowUpDays)} = {FollowUpDays} must be >= 42.");
        }

        if (ChemoCycles < 1 || MaxAntibodyCycles < 1 || Threads < 1)
        {
            throw new ArgumentException($"{nameof(TwinCalibrationOptions)}: ChemoCycles, MaxAntibodyCycles and Threads must be >= 1.");
        }

        if (!(OrrTolerance > 0) || !(PfsToleranceMonths > 0) || !(ToxicityTolerance > 0))
        {
            throw new ArgumentException($"{nameof(TwinCalibrationOptions)}: OrrTolerance, PfsToleranceMonths and ToxicityTolerance must be > 0.");
        }

        if (!(IpassEgfrMutantShare is >= 0 and <= 1))
        {
            throw new ArgumentException($"{nameof(TwinCalibrationOptions)}.{nameof(IpassEgfrMutantShare)} = {IpassEgfrMutantShare} must be a share in [0, 1].");
        }

        Simulation.Validate();
    }
}
