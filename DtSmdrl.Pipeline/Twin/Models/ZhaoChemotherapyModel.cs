using DtSmdrl.Pipeline.Twin.Solvers;

namespace DtSmdrl.Pipeline.Twin.Models;

/// <summary>
/// Zhao, Kosorok and Zeng 2009's chemotherapy model behind <see cref="ITwinModel{TParameters}"/>:
/// <code>
/// dW/dt = a1 max(M, M0) + b1 (D - d1)
/// dM/dt = (a2 max(W, W0) - b2 (D - d2)) 1(M > 0)
/// lambda(t) = exp(mu0 + mu1 W(t) + mu2 M(t));  P(death in (t-1, t]) = 1 - exp(-(lambda(t-1) + lambda(t)))
/// reward: -60 on death (replaces the rest); wellness +5 / -5 if W falls / rises by >= 0.5;
///         tumour +15 if M reaches 0, else +5 / -5 if M falls / rises by >= 0.5
/// </code>
/// One decision per month; the model is defined by its one-month difference equations, so it runs
/// forward Euler with step 1 month, and W and M are kept at >= 0 after each step (as the published
/// ports do). The dose D is a state set by the action's dose event and held for the month.
/// The cost signal is the toxicity burden W at the end of the month.
/// </summary>
public sealed class ZhaoChemotherapyModel : ITwinModel<ZhaoParameters>
{
    /// <summary>State index of W (wellness / toxicity burden).</summary>
    public const int W = 0;
    /// <summary>State index of M (tumour size).</summary>
    public const int M = 1;
    /// <summary>State index of D (dose of the current month, 0..1).</summary>
    public const int D = 2;

    private static readonly string[] StateNameList = ["W", "M", "D"];

    /// <summary>Creates the model; the default actions are doses 0, 0.1, ..., 1.0 named "dose_0.0" ... "dose_1.0".</summary>
    public ZhaoChemotherapyModel(ActionSet? actions = null)
    {
        Actions = actions ?? DefaultActions;
    }

    /// <summary>Eleven dose levels 0, 0.1, ..., 1 (the chemotherapy fraction is the dose D).</summary>
    public static ActionSet DefaultActions { get; } = new(
        Enumerable.Range(0, 11).Select(i => new TreatmentAction(
            "dose_" + (i / 10.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), i / 10.0, 0, 0)));

    /// <inheritdoc />
    public string Name => "zhao2009";

    /// <inheritdoc />
    public IReadOnlyList<string> StateNames => StateNameList;

    /// <inheritdoc />
    public ActionSet Actions { get; }

    /// <inheritdoc />
    public double DecisionInterval => 1.0;

    /// <inheritdoc />
    public double DefaultStepSize => 1.0;

    /// <inheritdoc />
    public SolverKind Solver => SolverKind.ExplicitEuler;

    /// <inheritdoc />
    public int ObservationSize => 2;

    /// <inheritdoc />
    public void Validate(in ZhaoParameters parameters, string context) => parameters.Validate(context);

    /// <inheritdoc />
    public void InitialState(in ZhaoParameters parameters, Span<double> state)
    {
        state[W] = parameters.W0;
        state[M] = parameters.M0;
        state[D] = 0.0;
    }

    /// <inheritdoc />
    public void Derivatives(in ZhaoParameters parameters, double time, ReadOnlySpan<double> state, Span<double> derivatives)
    {
        var p = parameters;
        var dose = state[D];
        derivatives[W] = p.A1 * Math.Max(state[M], p.M0) + p.B1 * (dose - p.D1);
        derivatives[M] = state[M] > 0 ? p.A2 * Math.Max(state[W], p.W0) - p.B2 * (dose - p.D2) : 0.0;
        derivatives[D] = 0.0;
    }

    /// <inheritdoc />
    public int DoseEventCount(int action)
    {
        Actions.Get(action);
        return 1;
    }

    /// <inheritdoc />
    public double DoseEventTime(int action, int eventIndex) => 0.0;

    /// <inheritdoc />
    public void ApplyDoseEvent(in ZhaoParameters parameters, int action, int eventIndex, Span<double> state) =>
        state[D] = Actions.Get(action).Chemotherapy;

    /// <inheritdoc />
    public void AfterStep(in ZhaoParameters parameters, Span<double> state)
    {
        state[W] = Math.Max(state[W], 0.0);
        state[M] = Math.Max(state[M], 0.0);
    }

    /// <inheritdoc />
    public void Observe(in ZhaoParameters parameters, ReadOnlySpan<double> state, Span<double> observation)
    {
        observation[0] = state[W];
        observation[1] = state[M];
    }

    /// <summary>lambda = exp(mu0 + mu1 W + mu2 M).</summary>
    public static double Hazard(in ZhaoParameters p, double w, double m) => Math.Exp(p.Mu0 + p.Mu1 * w + p.Mu2 * m);

    /// <inheritdoc />
    public double DeathProbability(in ZhaoParameters parameters, ReadOnlySpan<double> before, ReadOnlySpan<double> after) =>
        1.0 - Math.Exp(-(Hazard(parameters, before[W], before[M]) + Hazard(parameters, after[W], after[M])));

    /// <inheritdoc />
    public double Reward(in ZhaoParameters parameters, ReadOnlySpan<double> before, ReadOnlySpan<double> after, bool died)
    {
        if (died)
        {
            return -60.0;
        }

        var reward = 0.0;
        var dw = after[W] - before[W];
        if (dw <= -0.5)
        {
            reward += 5.0;
        }
        else if (dw >= 0.5)
        {
            reward -= 5.0;
        }

        var dm = after[M] - before[M];
        if (after[M] <= 0)
        {
            reward += 15.0;
        }
        else if (dm <= -0.5)
        {
            reward += 5.0;
        }
        else if (dm >= 0.5)
        {
            reward -= 5.0;
        }

        return reward;
    }

    /// <inheritdoc />
    public double Cost(in ZhaoParameters parameters, ReadOnlySpan<double> before, ReadOnlySpan<double> after) => after[W];
}
