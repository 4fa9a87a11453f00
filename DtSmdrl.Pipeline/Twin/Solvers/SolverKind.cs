namespace DtSmdrl.Pipeline.Twin.Solvers;

/// <summary>Fixed-step integration schemes a model can ask for.</summary>
public enum SolverKind
{
    /// <summary>Classical fourth-order Runge-Kutta (<see cref="Rk4Solver"/>).</summary>
    RungeKutta4 = 0,

    /// <summary>Forward Euler (<see cref="ExplicitEulerSolver"/>).</summary>
    ExplicitEuler = 1,
}
