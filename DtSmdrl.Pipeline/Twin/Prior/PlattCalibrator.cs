namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// Platt scaling p' = sigmoid(a logit(p) + b), fitted by Newton's method to soft targets (posterior responder
/// probabilities) of out-of-fold predictions; a small ridge on (a - 1, b) keeps it stable on few patients.
/// </summary>
public sealed record PlattCalibrator(double A, double B)
{
    private const double Clip = 1e-4;

    /// <summary>The identity map.</summary>
    public static PlattCalibrator Identity { get; } = new(1, 0);

    public double Apply(double p) => Sigmoid(A * Logit(p) + B);

    /// <summary>Fits (a, b) to predictions <paramref name="predicted"/> and soft targets <paramref name="targets"/> in [0, 1].</summary>
    public static PlattCalibrator Fit(IReadOnlyList<double> predicted, IReadOnlyList<double> targets, double ridge = 1.0)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(targets);
        if (predicted.Count != targets.Count || predicted.Count == 0)
        {
            throw new ArgumentException($"Platt calibration needs as many targets as predictions (got {predicted.Count} and {targets.Count}, at least 1).");
        }

        double a = 1, b = 0;
        for (var iteration = 0; iteration < 50; iteration++)
        {
            // Gradient and Hessian of the mean cross-entropy plus ridge/n * ((a-1)^2 + b^2) / 2.
            var n = predicted.Count;
            double ga = ridge * (a - 1) / n, gb = ridge * b / n, haa = ridge / n, hab = 0, hbb = ridge / n;
            for (var i = 0; i < n; i++)
            {
                var x = Logit(predicted[i]);
                var q = Sigmoid(a * x + b);
                var r = (q - targets[i]) / n;
                var w = q * (1 - q) / n;
                ga += r * x;
                gb += r;
                haa += w * x * x;
                hab += w * x;
                hbb += w;
            }

            var det = haa * hbb - hab * hab;
            if (!(det > 1e-15))
            {
                break;
            }

            var da = (hbb * ga - hab * gb) / det;
            var db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-10)
            {
                break;
            }
        }

        return new PlattCalibrator(a, b);
    }

    private static double Logit(double p)
    {
        var c = Math.Clamp(p, Clip, 1 - Clip);
        return Math.Log(c / (1 - c));
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
