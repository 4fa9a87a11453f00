namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>How <see cref="NsclcBatchSimulator"/> integrates a solver step.</summary>
public enum TwinKernel
{
    /// <summary>Four patients per <c>Vector256</c> (<see cref="NsclcSimdKernel"/>): the default hot path.</summary>
    Simd,

    /// <summary>
    /// One patient at a time through <c>Rk4Solver</c> and <c>NsclcDynamics.Derivatives</c> with <c>Math.Log/Exp/Pow</c>:
    /// the same numbers as the single-patient reference, kept to check and measure the SIMD kernel against.
    /// </summary>
    Scalar,
}
