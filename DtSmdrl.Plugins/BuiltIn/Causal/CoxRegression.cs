using MathNet.Numerics.LinearAlgebra;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>A fitted Cox model: coefficients (in the order of the columns kept), their covariance and the Breslow baseline.</summary>
/// <param name="Kept">Indices of the input columns in the model (constant columns are dropped, as R reports them NA).</param>
/// <param name="Coefficients">log hazard ratio per kept column.</param>
/// <param name="Covariance">Inverse of the observed information at the estimate.</param>
/// <param name="LogLikelihood">Partial log-likelihood at the estimate.</param>
/// <param name="Iterations">Newton-Raphson iterations taken.</param>
/// <param name="Centre">Column means the linear predictor is centred on.</param>
/// <param name="EventTimes">Distinct event times, ascending.</param>
/// <param name="BaselineHazard">Breslow cumulative baseline hazard (at the centre) at each event time.</param>
internal sealed record CoxFit(
    int[] Kept,
    double[] Coefficients,
    double[,] Covariance,
    double LogLikelihood,
    int Iterations,
    double[] Centre,
    double[] EventTimes,
    double[] BaselineHazard)
{
    public double StandardError(int k) => Math.Sqrt(Covariance[k, k]);

    /// <summary>Linear predictor beta'(x - centre) of a full input row.</summary>
    public double LinearPredictor(double[] x)
    {
        var eta = 0.0;
        for (var k = 0; k < Kept.Length; k++) eta += Coefficients[k] * (x[Kept[k]] - Centre[k]);
        return eta;
    }

    /// <summary>P(T &gt;= t | x): survival just before <paramref name="t"/> (hazard of event times strictly before t).</summary>
    public double SurvivalBefore(double t, double[] x)
    {
        var index = Array.BinarySearch(EventTimes, t);
        var last = (index >= 0 ? index : ~index) - 1;
        var hazard = last >= 0 ? BaselineHazard[last] : 0.0;
        return Math.Exp(-hazard * Math.Exp(LinearPredictor(x)));
    }
}

/// <summary>
/// Cox proportional-hazards regression by Newton-Raphson on the partial likelihood with Efron's
/// handling of tied event times (the default of R's survival::coxph), started at beta = 0, with step
/// halving when the log-likelihood falls and convergence when its relative change is below 1e-9
/// (coxph's eps). Standard errors are model-based (inverse observed information), as coxph prints.
/// Our own code: no .NET Cox implementation is served on NuGet (MathNet.Numerics, used here for the
/// Cholesky factorisation, has none; Accord.NET's is not served).
/// </summary>
internal static class CoxRegression
{
    private const int MaxIterations = 30;
    private const double Tolerance = 1e-9;

    public static CoxFit Fit(double[][] x, double[] time, bool[] status)
    {
        var n = time.Length;
        var width = n == 0 ? 0 : x[0].Length;
        var kept = Enumerable.Range(0, width).Where(j => x.Any(row => row[j] != x[0][j])).ToArray();
        var p = kept.Length;
        var centre = kept.Select(j => x.Average(row => row[j])).ToArray();
        var z = x.Select(row => kept.Select((j, k) => row[j] - centre[k]).ToArray()).ToArray();
        // Descending time order: the risk set at a time is everything seen so far.
        var order = Enumerable.Range(0, n).OrderByDescending(i => time[i]).ThenBy(i => i).ToArray();

        var beta = new double[p];
        var (loglik, gradient, information) = Evaluate(z, time, status, order, beta);
        var iterations = 0;
        while (iterations < MaxIterations)
        {
            iterations++;
            var step = Solve(information, gradient);
            var candidate = beta.Select((b, k) => b + step[k]).ToArray();
            var next = Evaluate(z, time, status, order, candidate);
            for (var halving = 0; halving < 20 && !(next.LogLik >= loglik - 1e-12); halving++)
            {
                for (var k = 0; k < p; k++) candidate[k] = (candidate[k] + beta[k]) / 2;
                next = Evaluate(z, time, status, order, candidate);
            }
            var change = Math.Abs(next.LogLik - loglik);
            beta = candidate;
            (loglik, gradient, information) = next;
            if (change <= Tolerance * Math.Abs(loglik)) break;
        }
        if (beta.Any(b => !double.IsFinite(b)))
            throw new ArgumentException("Cox regression did not converge (infinite coefficient): a covariate separates events from non-events.");
        var covariance = Matrix<double>.Build.DenseOfArray(information).Cholesky().Solve(Matrix<double>.Build.DenseIdentity(p)).ToArray();
        var (eventTimes, baseline) = Breslow(z, time, status, order, beta);
        return new CoxFit(kept, beta, covariance, loglik, iterations, centre, eventTimes, baseline);
    }

    private static (double LogLik, double[] Gradient, double[,] Information) Evaluate(double[][] z, double[] time, bool[] status, int[] order, double[] beta)
    {
        var p = beta.Length;
        var loglik = 0.0;
        var gradient = new double[p];
        var information = new double[p, p];
        double s0 = 0;
        var s1 = new double[p];
        var s2 = new double[p, p];
        var e1 = new double[p];
        var e2 = new double[p, p];
        var mean = new double[p];
        var position = 0;
        while (position < order.Length)
        {
            var t = time[order[position]];
            double d0 = 0;
            Array.Clear(e1);
            Array.Clear(e2);
            var deaths = 0;
            for (; position < order.Length && time[order[position]] == t; position++)
            {
                var i = order[position];
                var eta = 0.0;
                for (var k = 0; k < p; k++) eta += beta[k] * z[i][k];
                var risk = Math.Exp(eta);
                s0 += risk;
                for (var a = 0; a < p; a++)
                {
                    s1[a] += risk * z[i][a];
                    for (var b = 0; b <= a; b++) s2[a, b] += risk * z[i][a] * z[i][b];
                }
                if (!status[i]) continue;
                deaths++;
                loglik += eta;
                d0 += risk;
                for (var a = 0; a < p; a++)
                {
                    gradient[a] += z[i][a];
                    e1[a] += risk * z[i][a];
                    for (var b = 0; b <= a; b++) e2[a, b] += risk * z[i][a] * z[i][b];
                }
            }
            // Efron: the l-th of d tied deaths sees the risk set with l/d of each tied death removed.
            for (var l = 0; l < deaths; l++)
            {
                var f = (double)l / deaths;
                var denominator = s0 - f * d0;
                loglik -= Math.Log(denominator);
                for (var a = 0; a < p; a++)
                {
                    mean[a] = (s1[a] - f * e1[a]) / denominator;
                    gradient[a] -= mean[a];
                }
                for (var a = 0; a < p; a++)
                    for (var b = 0; b <= a; b++)
                        information[a, b] += (s2[a, b] - f * e2[a, b]) / denominator - mean[a] * mean[b];
            }
        }
        for (var a = 0; a < p; a++)
            for (var b = 0; b < a; b++) information[b, a] = information[a, b];
        return (loglik, gradient, information);
    }

    private static double[] Solve(double[,] information, double[] gradient)
    {
        var matrix = Matrix<double>.Build.DenseOfArray(information);
        return matrix.Cholesky().Solve(Vector<double>.Build.DenseOfArray(gradient)).ToArray();
    }

    /// <summary>Breslow's cumulative baseline hazard H0(t) = sum over event times s &lt;= t of d(s) / sum_risk exp(eta).</summary>
    private static (double[] Times, double[] Hazard) Breslow(double[][] z, double[] time, bool[] status, int[] order, double[] beta)
    {
        var times = new List<double>();
        var increments = new List<double>();
        var s0 = 0.0;
        var position = 0;
        while (position < order.Length)
        {
            var t = time[order[position]];
            var deaths = 0;
            for (; position < order.Length && time[order[position]] == t; position++)
            {
                var i = order[position];
                var eta = 0.0;
                for (var k = 0; k < beta.Length; k++) eta += beta[k] * z[i][k];
                s0 += Math.Exp(eta);
                if (status[i]) deaths++;
            }
            if (deaths == 0) continue;
            times.Add(t);
            increments.Add(deaths / s0);
        }
        times.Reverse();
        increments.Reverse();
        var hazard = new double[increments.Count];
        var sum = 0.0;
        for (var k = 0; k < hazard.Length; k++) hazard[k] = sum += increments[k];
        return (times.ToArray(), hazard);
    }
}
