namespace DtSmdrl.Pipeline.Evaluation.Uncertainty;

/// <summary>
/// Temperature scaling (Guo et al. 2017) for binary probabilities: p' = sigmoid(logit(p) / T), one parameter T &gt; 0
/// fitted on held-out data by minimising the negative log-likelihood. T &gt; 1 softens an overconfident model, T &lt; 1
/// sharpens an underconfident one; the ranking of patients never changes. The NLL is convex in 1/T, so a golden-section
/// search on log T over [1/100, 100] finds the minimum deterministically (no random start, no learning rate).
/// </summary>
/// <param name="Temperature">T; 1 = unchanged.</param>
public sealed record TemperatureScaling(double Temperature) : IProbabilityCalibrator
{
    private const double LogLower = -4.605170185988091; // log(1/100)
    private const double LogUpper = 4.605170185988091;  // log(100)

    public string Name => "temperature";

    /// <summary>The identity (T = 1).</summary>
    public static TemperatureScaling Identity { get; } = new(1.0);

    public double Apply(double probability)
    {
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Temperature scaling: probability not in [0, 1].");
        return BinaryLogLoss.Sigmoid(BinaryLogLoss.Logit(probability) / Temperature);
    }

    /// <summary>Fits T on held-out probabilities and outcomes (both classes needed, else the identity).</summary>
    public static TemperatureScaling Fit(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        BinaryLogLoss.Check(probabilities, outcomes, "Temperature scaling");
        if (outcomes.All(o => o) || outcomes.All(o => !o)) return Identity;
        var logits = probabilities.Select(BinaryLogLoss.Logit).ToArray();
        double Loss(double logT)
        {
            var t = Math.Exp(logT);
            double sum = 0;
            for (var i = 0; i < logits.Length; i++)
            {
                var z = logits[i] / t;
                // -log sigmoid(+-z), written stably.
                var s = outcomes[i] ? -z : z;
                sum += s > 0 ? s + Math.Log(1 + Math.Exp(-s)) : Math.Log(1 + Math.Exp(s));
            }
            return sum;
        }

        var golden = (Math.Sqrt(5) - 1) / 2;
        double a = LogLower, b = LogUpper;
        double c = b - golden * (b - a), d = a + golden * (b - a);
        double fc = Loss(c), fd = Loss(d);
        for (var iteration = 0; iteration < 200 && b - a > 1e-10; iteration++)
        {
            if (fc <= fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - golden * (b - a);
                fc = Loss(c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + golden * (b - a);
                fd = Loss(d);
            }
        }
        return new TemperatureScaling(Math.Exp((a + b) / 2));
    }
}
