namespace DtSmdrl.Pipeline.Twin.Solvers;

/// <summary>
/// Classical fixed-step fourth-order Runge-Kutta. The default twin step is 0.25 day: the fastest
/// rate in the NSCLC twin is docetaxel elimination (ke = 1.39/day, half-life 12 h), so ke*h = 0.35,
/// well inside RK4's stability region (2.78) with a per-step relative error of about 1e-5.
/// </summary>
public static class Rk4Solver
{
    /// <summary>Scratch doubles needed for a system of <paramref name="stateSize"/> states.</summary>
    public static int ScratchSize(int stateSize) => 5 * stateSize;

    /// <summary>Advances <paramref name="state"/> by one step of size <paramref name="step"/> in place.</summary>
    /// <param name="system">The right-hand side.</param>
    /// <param name="time">Time at the start of the step.</param>
    /// <param name="step">Step size (> 0).</param>
    /// <param name="state">State at the start; overwritten with the state at the end.</param>
    /// <param name="scratch">At least <see cref="ScratchSize"/> doubles; content is overwritten.</param>
    public static void Step<TSystem>(ref TSystem system, double time, double step, Span<double> state, Span<double> scratch)
        where TSystem : struct, IOdeSystem
    {
        var n = state.Length;
        var k1 = scratch.Slice(0, n);
        var k2 = scratch.Slice(n, n);
        var k3 = scratch.Slice(2 * n, n);
        var k4 = scratch.Slice(3 * n, n);
        var trial = scratch.Slice(4 * n, n);
        var half = 0.5 * step;

        system.Derivatives(time, state, k1);
        for (var i = 0; i < n; i++)
        {
            trial[i] = state[i] + half * k1[i];
        }

        system.Derivatives(time + half, trial, k2);
        for (var i = 0; i < n; i++)
        {
            trial[i] = state[i] + half * k2[i];
        }

        system.Derivatives(time + half, trial, k3);
        for (var i = 0; i < n; i++)
        {
            trial[i] = state[i] + step * k3[i];
        }

        system.Derivatives(time + step, trial, k4);
        var sixth = step / 6.0;
        for (var i = 0; i < n; i++)
        {
            state[i] += sixth * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
        }
    }
}
