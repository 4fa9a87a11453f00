namespace DtSmdrl.Pipeline.Twin.Solvers;

/// <summary>
/// A system of ordinary differential equations dy/dt = f(t, y). Solvers take it as a generic
/// struct argument so the call is specialised by the JIT (no virtual call per evaluation).
/// </summary>
public interface IOdeSystem
{
    /// <summary>Writes f(t, y) into <paramref name="derivatives"/>; never allocates.</summary>
    void Derivatives(double time, ReadOnlySpan<double> state, Span<double> derivatives);
}
