namespace DtSmdrl.Plugins.BuiltIn.Explainers;

/// <summary>Solves small dense symmetric positive (semi-)definite systems A x = b (Gaussian elimination with partial pivoting).</summary>
internal static class DenseSolver
{
    /// <summary>
    /// Solves A x = b. A tiny ridge (1e-12 of the mean diagonal) is added so that a coalition design that misses a
    /// direction gives the minimum-norm-like answer instead of failing. A and b are not modified.
    /// </summary>
    public static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = new double[n, n + 1];
        double trace = 0;
        for (var i = 0; i < n; i++) trace += a[i, i];
        var ridge = 1e-12 * Math.Max(trace / Math.Max(n, 1), 1e-300);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) m[i, j] = a[i, j];
            m[i, i] += ridge;
            m[i, n] = b[i];
        }
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            if (m[pivot, col] == 0) continue;
            if (pivot != col)
                for (var c = 0; c <= n; c++) (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            for (var r = col + 1; r < n; r++)
            {
                var f = m[r, col] / m[col, col];
                if (f == 0) continue;
                for (var c = col; c <= n; c++) m[r, c] -= f * m[col, c];
            }
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = m[i, n];
            for (var c = i + 1; c < n; c++) s -= m[i, c] * x[c];
            x[i] = m[i, i] == 0 ? 0 : s / m[i, i];
        }
        return x;
    }
}
