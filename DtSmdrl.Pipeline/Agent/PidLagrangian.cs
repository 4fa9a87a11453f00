namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// The Lagrange multiplier of the cost constraint J_c &lt;= limit, set by the PID controller of
/// Stooke, Achiam and Abbeel (2020), "Responsive Safety in RL by PID Lagrangian Methods", Algorithm 2:
/// <code>
/// error = J_c - limit
/// I     = max(0, I + error)
/// D     = max(0, J_c - J_c,previous)
/// lambda = clip(Kp * error + Ki * I + Kd * D, 0, max)
/// </code>
/// With Kp = Kd = 0 this is exactly projected dual gradient ascent with step Ki:
/// lambda &lt;- max(0, lambda + Ki * (J_c - limit)), the plain PPO-Lagrangian. The proportional term reacts to
/// the current violation and damps the overshoot/oscillation of the integral-only update; the derivative
/// term reacts to a rising cost before it crosses the limit. The integral is kept so that Ki * I stays in
/// [0, max] (anti-windup), so the multiplier can fall as soon as the cost drops below the limit.
/// </summary>
public sealed class PidLagrangian
{
    /// <summary>Creates a controller; <paramref name="initialLambda"/> seeds the integral term.</summary>
    public PidLagrangian(double costLimit, double kp, double ki, double kd, double maxLambda, double initialLambda = 0)
    {
        if (kp < 0 || ki < 0 || kd < 0)
            throw new ArgumentOutOfRangeException(nameof(kp), "PID gains must be non-negative.");
        if (maxLambda <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxLambda), maxLambda, "The multiplier cap must be positive.");
        CostLimit = costLimit;
        Kp = kp;
        Ki = ki;
        Kd = kd;
        MaxLambda = maxLambda;
        Lambda = Math.Clamp(initialLambda, 0, maxLambda);
        Integral = ki > 0 ? Lambda / ki : 0;
    }

    /// <summary>The constraint threshold d in J_c &lt;= d.</summary>
    public double CostLimit { get; }
    /// <summary>Proportional gain.</summary>
    public double Kp { get; }
    /// <summary>Integral gain (the dual ascent step size when Kp = Kd = 0).</summary>
    public double Ki { get; }
    /// <summary>Derivative gain.</summary>
    public double Kd { get; }
    /// <summary>Upper bound on the multiplier.</summary>
    public double MaxLambda { get; }

    /// <summary>Current multiplier (non-negative).</summary>
    public double Lambda { get; private set; }

    /// <summary>Accumulated constraint violation.</summary>
    public double Integral { get; private set; }

    /// <summary>Cost measure of the previous update, for the derivative term (null before the first update).</summary>
    public double? PreviousCost { get; private set; }

    /// <summary>Updates the multiplier from a new estimate of the constrained cost and returns it.</summary>
    public double Update(double cost)
    {
        if (!double.IsFinite(cost))
            throw new ArgumentOutOfRangeException(nameof(cost), cost, "The constrained cost estimate must be finite.");
        var error = cost - CostLimit;
        Integral = Math.Max(0, Integral + error);
        if (Ki > 0)
            Integral = Math.Min(Integral, MaxLambda / Ki);
        var derivative = PreviousCost is { } previous ? Math.Max(0, cost - previous) : 0;
        PreviousCost = cost;
        Lambda = Math.Clamp(Kp * error + Ki * Integral + Kd * derivative, 0, MaxLambda);
        return Lambda;
    }

    /// <summary>The controller state, for checkpoints.</summary>
    public PidLagrangianState ToState() => new(Lambda, Integral, PreviousCost);

    /// <summary>Restores a state from <see cref="ToState"/>.</summary>
    public void Restore(PidLagrangianState state)
    {
        Lambda = state.Lambda;
        Integral = state.Integral;
        PreviousCost = state.PreviousCost;
    }
}

/// <summary>Serialisable state of a <see cref="PidLagrangian"/>.</summary>
public sealed record PidLagrangianState(double Lambda, double Integral, double? PreviousCost);
