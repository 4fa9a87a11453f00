namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>
/// Ordinary least squares with an intercept, solved from the normal equations by Cholesky
/// decomposition. A ridge of 1e-8 times the mean diagonal keeps collinear or constant columns solvable
/// without shrinking real coefficients.
/// </summary>
internal static class LinearLeastSquares
{
    public static double[] FitPredict(double[][] trainX, double[] trainY, double[][] predict)
    {
        var p = (trainX.Length == 0 ? 0 : trainX[0].Length) + 1;
        var gram = new double[p, p];
        var xty = new double[p];
        var row = new double[p];
        for (var i = 0; i < trainX.Length; i++)
        {
            Augment(trainX[i], row);
            for (var a = 0; a < p; a++)
            {
                xty[a] += row[a] * trainY[i];
                for (var b = 0; b <= a; b++) gram[a, b] += row[a] * row[b];
            }
        }
        var meanDiagonal = 0.0;
        for (var a = 0; a < p; a++) meanDiagonal += gram[a, a] / p;
        for (var a = 0; a < p; a++) gram[a, a] += 1e-8 * meanDiagonal + 1e-12;
        var beta = SolveCholesky(gram, xty);
        return predict.Select(x =>
        {
            Augment(x, row);
            var value = 0.0;
            for (var a = 0; a < p; a++) value += beta[a] * row[a];
            return value;
        }).ToArray();
    }

    private static void Augment(double[] x, double[] row)
    {
        row[0] = 1;
        Array.Copy(x, 0, row, 1, x.Length);
    }

    /// <summary>Solves A beta = b for symmetric positive definite A (lower triangle filled).</summary>
    private static double[] SolveCholesky(double[,] a, double[] b)
    {
        var n = b.Length;
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (sum <= 0) throw new InvalidOperationException("Least squares: the covariate matrix is not positive definite.");
                    l[i, i] = Math.Sqrt(sum);
                }
                else l[i, j] = sum / l[j, j];
            }
        }
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++) sum -= l[i, k] * y[k];
            y[i] = sum / l[i, i];
        }
        var beta = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++) sum -= l[k, i] * beta[k];
            beta[i] = sum / l[i, i];
        }
        return beta;
    }
}
