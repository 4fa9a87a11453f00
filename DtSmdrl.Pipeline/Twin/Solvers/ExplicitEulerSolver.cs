namespace DtSmdrl.Pipeline.Twin.Solvers;

/// <summary>
/// Forward Euler, y += h f(t, y). Used where a published model is defined by its one-step
/// difference equations (Zhao, Kosorok and Zeng 2009 advance one month per step).
/// </summary>
public static class ExplicitEulerSolver
{
    /// <summary>Scratch doubles needed for a system of <paramref name="stateSize"/> states.</summary>
    public static int ScratchSize(int stateSize) => stateSize;

    /// <summary>Advances <paramref name="state"/> by one step in place.</summary>
    public static void Step<TSystem>(ref TSystem system, double time, double step, Span<double> state, Span<double> scratch)
        where TSystem : struct, IOdeSystem
    {
        var k = scratch.Slice(0, state.Length);
        system.Derivatives(time, state, k);
        for (var i = 0; i < state.Length; i++)
        {
            state[i] += step * k[i];
        }
    }
}
