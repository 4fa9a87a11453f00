namespace DtSmdrl.Pipeline.Evaluation.Uncertainty;

/// <summary>
/// Platt scaling on the logit of a model's probability: p = sigmoid(A * logit(q) + B), fitted on held-out
/// patients by Newton's method on the log-loss with Platt's smoothed targets ((N+ + 1) / (N+ + 2) for
/// positives, 1 / (N- + 2) for negatives) and a small ridge towards the identity (A = 1, B = 0), which
/// keeps the fit finite on the small, sometimes separable validation cells. Platt rather than isotonic
/// regression: two parameters are what tens of validation patients can support. Used by the supervised baseline and by
/// DT-SMDRL's stated response probability (<c>Agent/Arms/StatedResponseCalibration</c>).
/// </summary>
/// <param name="A">Slope on logit(q); 1 = unchanged.</param>
/// <param name="B">Intercept; 0 = unchanged.</param>
public sealed record PlattScaling(double A, double B) : IProbabilityCalibrator
{
    private const double Ridge = 1e-2;
    private const double Clip = 1e-6;

    /// <summary>The identity map (used where there is too little held-out data to calibrate).</summary>
    public static PlattScaling Identity { get; } = new(1, 0);

    [System.Text.Json.Serialization.JsonIgnore]
    public string Name => "platt";

    public double Apply(double probability)
    {
        return Sigmoid(A * Logit(probability) + B);
    }

    /// <summary>Fits A and B on held-out probabilities and outcomes.</summary>
    public static PlattScaling Fit(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        if (probabilities.Count != outcomes.Count)
            throw new ArgumentException($"Platt: {probabilities.Count} probabilities but {outcomes.Count} outcomes.");
        var positives = outcomes.Count(o => o);
        var negatives = outcomes.Count - positives;
        double hi = (positives + 1.0) / (positives + 2.0), lo = 1.0 / (negatives + 2.0);
        var x = probabilities.Select(Logit).ToArray();
        var t = outcomes.Select(o => o ? hi : lo).ToArray();
        double a = 1, b = 0;
        var loss = Loss(x, t, a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            // Gradient and Hessian of the summed cross-entropy + Ridge * ((a - 1)^2 + b^2).
            double ga = 2 * Ridge * (a - 1), gb = 2 * Ridge * b, haa = 2 * Ridge, hab = 0, hbb = 2 * Ridge;
            for (var i = 0; i < x.Length; i++)
            {
                var p = Sigmoid(a * x[i] + b);
                var d = p - t[i];
                var w = p * (1 - p);
                ga += d * x[i];
                gb += d;
                haa += w * x[i] * x[i];
                hab += w * x[i];
                hbb += w;
            }
            var det = haa * hbb - hab * hab;
            if (det <= 1e-12) break;
            var da = (hbb * ga - hab * gb) / det;
            var db = (haa * gb - hab * ga) / det;
            // Backtracking: a full Newton step overshoots when the raw probabilities are saturated.
            var step = 1.0;
            double na = a, nb = b, newLoss = loss;
            for (var halving = 0; halving < 40; halving++, step /= 2)
            {
                na = a - step * da;
                nb = b - step * db;
                newLoss = Loss(x, t, na, nb);
                if (newLoss <= loss) break;
            }
            if (!(newLoss <= loss)) break;
            var moved = Math.Abs(na - a) + Math.Abs(nb - b);
            (a, b, loss) = (na, nb, newLoss);
            if (moved < 1e-10) break;
        }
        return new PlattScaling(a, b);
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    private static double Loss(double[] x, double[] t, double a, double b)
    {
        var loss = Ridge * ((a - 1) * (a - 1) + b * b);
        for (var i = 0; i < x.Length; i++)
        {
            var z = a * x[i] + b;
            // Cross-entropy -t log p - (1 - t) log(1 - p), written stably: log(1 + e^z) - t z.
            loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - t[i] * z;
        }
        return loss;
    }

    private static double Logit(double p)
    {
        var q = Math.Clamp(p, Clip, 1 - Clip);
        return Math.Log(q / (1 - q));
    }
}
