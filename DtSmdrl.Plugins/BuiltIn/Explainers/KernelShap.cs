using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.BuiltIn.Explainers;

/// <summary>KernelSHAP attributions of one patient for one target.</summary>
/// <param name="Values">Attribution per feature (0 for features that equal every background row).</param>
/// <param name="StandardErrors">Bootstrap standard error per feature (0 when every coalition was enumerated).</param>
/// <param name="Prediction">Target at the patient's values.</param>
/// <param name="Reference">Target's expectation over the background (phi_0).</param>
/// <param name="CompletenessGap">Sum of attributions - (Prediction - Reference); ~1e-12 since efficiency is a constraint of the fit.</param>
/// <param name="Exact">Every coalition was enumerated: the values are the exact (interventional) Shapley values.</param>
public sealed record ShapAttribution(double[] Values, double[] StandardErrors, double Prediction, double Reference, double CompletenessGap, bool Exact);

/// <summary>
/// Model-agnostic KernelSHAP (Lundberg and Lee 2017): the Shapley values of v(S) = E_b[f(x_S, b_notS)] over a background
/// set, estimated by weighted linear regression of v over coalitions with the Shapley kernel. Efficiency (attributions
/// sum to f(x) - E_b[f(b)]) is imposed exactly by eliminating one coefficient, as the shap package does, and reported
/// as <see cref="ShapAttribution.CompletenessGap"/>. Features whose value equals that of every background row cannot
/// change the prediction and get 0 without entering the regression.
/// </summary>
public static class KernelShap
{
    /// <summary>
    /// Attributions of every target for one patient from one set of model evaluations
    /// (coalitions x background rows, one <see cref="BatchPredictor"/> call).
    /// </summary>
    public static ShapAttribution[] Attribute(ExplainableModel model, string context, double[] x, IReadOnlyList<double[]> background,
        IReadOnlyList<ExplanationTarget> targets, int samples, int bootstrap, Random rng)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(targets);
        model.CheckRows([x], $"patient '{context}'");
        model.CheckRows(background, "background");
        if (background.Count == 0) throw new ArgumentException($"KernelSHAP on model '{model.Name}' needs at least one background row.", nameof(background));
        foreach (var t in targets) t.Validate(model);

        var players = Enumerable.Range(0, x.Length).Where(j => background.Any(b => !SameValue(b[j], x[j]))).ToArray();
        var m = players.Length;
        var coalitions = m >= 2 ? Coalitions.Create(m, samples, rng) : new Coalitions([], [], Exact: true);

        // Rows: the patient, the background, then each coalition combined with each background row.
        var rows = new List<double[]>(1 + background.Count * (1 + coalitions.Masks.Length)) { x };
        rows.AddRange(background);
        foreach (var mask in coalitions.Masks)
            foreach (var b in background)
            {
                var row = (double[])b.Clone();
                for (var j = 0; j < x.Length; j++)
                    if (!IsPlayer(players, j)) row[j] = x[j];
                for (var p = 0; p < m; p++)
                    if (mask[p]) row[players[p]] = x[players[p]];
                rows.Add(row);
            }
        var outputs = model.Predict(context, rows);
        if (outputs.Length != rows.Count)
            throw new InvalidOperationException($"Model '{model.Name}' returned {outputs.Length} predictions for {rows.Count} rows.");

        var result = new ShapAttribution[targets.Count];
        for (var t = 0; t < targets.Count; t++)
        {
            var target = targets[t];
            var prediction = target.Score(outputs[0]);
            var reference = MeanScore(outputs, 1, background.Count, target);
            var delta = prediction - reference;
            var values = new double[x.Length];
            var errors = new double[x.Length];
            if (m == 1)
                values[players[0]] = delta;
            else if (m >= 2)
            {
                var y = new double[coalitions.Masks.Length];
                for (var c = 0; c < y.Length; c++)
                    y[c] = MeanScore(outputs, 1 + background.Count * (1 + c), background.Count, target) - reference;
                var phi = Solve(coalitions.Masks, coalitions.Weights, y, delta, Enumerable.Range(0, y.Length).ToArray());
                for (var p = 0; p < m; p++) values[players[p]] = phi[p];
                if (!coalitions.Exact && bootstrap > 0)
                {
                    var se = BootstrapErrors(coalitions, y, delta, bootstrap, rng);
                    for (var p = 0; p < m; p++) errors[players[p]] = se[p];
                }
            }
            result[t] = new ShapAttribution(values, errors, prediction, reference, values.Sum() - delta, coalitions.Exact);
        }
        return result;
    }

    // Weighted least squares of y on the masks subject to sum(phi) = delta: phi_last = delta - sum(others).
    private static double[] Solve(bool[][] masks, double[] weights, double[] y, double delta, int[] use)
    {
        var m = masks[0].Length;
        var k = m - 1;
        var a = new double[k, k];
        var b = new double[k];
        var row = new double[k];
        foreach (var c in use)
        {
            var mask = masks[c];
            var last = mask[k] ? 1.0 : 0.0;
            for (var j = 0; j < k; j++) row[j] = (mask[j] ? 1.0 : 0.0) - last;
            var target = y[c] - last * delta;
            var w = weights[c];
            for (var i = 0; i < k; i++)
            {
                if (row[i] == 0) continue;
                b[i] += w * row[i] * target;
                for (var j = 0; j < k; j++) a[i, j] += w * row[i] * row[j];
            }
        }
        var beta = DenseSolver.Solve(a, b);
        var phi = new double[m];
        Array.Copy(beta, phi, k);
        phi[k] = delta - beta.Sum();
        return phi;
    }

    // Resamples the coalition pairs with replacement and refits; the spread of the refits is the standard error.
    private static double[] BootstrapErrors(Coalitions coalitions, double[] y, double delta, int resamples, Random rng)
    {
        var m = coalitions.Masks[0].Length;
        var pairs = coalitions.Masks.Length / 2;
        var sum = new double[m];
        var sumSquares = new double[m];
        var use = new int[2 * pairs];
        for (var r = 0; r < resamples; r++)
        {
            for (var p = 0; p < pairs; p++)
            {
                var pick = rng.Next(pairs);
                use[2 * p] = 2 * pick;
                use[2 * p + 1] = 2 * pick + 1;
            }
            var phi = Solve(coalitions.Masks, coalitions.Weights, y, delta, use);
            for (var j = 0; j < m; j++)
            {
                sum[j] += phi[j];
                sumSquares[j] += phi[j] * phi[j];
            }
        }
        return sum.Select((s, j) => Math.Sqrt(Math.Max(0, sumSquares[j] / resamples - s / resamples * (s / resamples)))).ToArray();
    }

    private static double MeanScore(double[][] outputs, int start, int count, ExplanationTarget target)
    {
        double s = 0;
        for (var i = 0; i < count; i++) s += target.Score(outputs[start + i]);
        return s / count;
    }

    private static bool IsPlayer(int[] players, int feature) => Array.BinarySearch(players, feature) >= 0;

    private static bool SameValue(double a, double b) => a.Equals(b);
}
