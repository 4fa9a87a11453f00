namespace DtSmdrl.Pipeline.Twin.Models;

/// <summary>
/// Parameters of Zhao, Kosorok and Zeng 2009's chemotherapy model (Stat Med 28:3294; twin-models.md
/// section 8). Time unit: one month. W = wellness (toxicity burden, lower is better), M = tumour size.
/// </summary>
public readonly record struct ZhaoParameters
{
    /// <summary>a1: wellness drift per unit of max(M, M0).</summary>
    public double A1 { get; init; }
    /// <summary>a2: tumour growth per unit of max(W, W0).</summary>
    public double A2 { get; init; }
    /// <summary>b1: wellness response to dose.</summary>
    public double B1 { get; init; }
    /// <summary>b2: tumour response to dose.</summary>
    public double B2 { get; init; }
    /// <summary>d1: dose at which the dose term of dW/dt changes sign.</summary>
    public double D1 { get; init; }
    /// <summary>d2: dose at which the dose term of dM/dt changes sign.</summary>
    public double D2 { get; init; }
    /// <summary>mu0: log-hazard intercept.</summary>
    public double Mu0 { get; init; }
    /// <summary>mu1: log-hazard slope in W.</summary>
    public double Mu1 { get; init; }
    /// <summary>mu2: log-hazard slope in M.</summary>
    public double Mu2 { get; init; }
    /// <summary>W0: initial wellness, also the floor inside max(W, W0); drawn U(0, 2).</summary>
    public double W0 { get; init; }
    /// <summary>M0: initial tumour size, also the floor inside max(M, M0); drawn U(0, 2).</summary>
    public double M0 { get; init; }

    /// <summary>The published constants with the given initial state.</summary>
    public static ZhaoParameters Published(double w0, double m0) => new()
    {
        A1 = 0.1, A2 = 0.15, B1 = 1.2, B2 = 1.2, D1 = 0.5, D2 = 0.5,
        Mu0 = -4.0, Mu1 = 1.0, Mu2 = 1.0, W0 = w0, M0 = m0,
    };

    /// <summary>Draws W0, M0 ~ U(0, 2) as in the paper.</summary>
    public static ZhaoParameters Sample(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return Published(2.0 * rng.NextDouble(), 2.0 * rng.NextDouble());
    }

    /// <summary>Throws naming the field when a value is not finite or W0/M0 is negative.</summary>
    public void Validate(string context = "parameters")
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(A1), A1), (nameof(A2), A2), (nameof(B1), B1), (nameof(B2), B2), (nameof(D1), D1), (nameof(D2), D2),
                     (nameof(Mu0), Mu0), (nameof(Mu1), Mu1), (nameof(Mu2), Mu2),
                 })
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"{context}: {name} = {value} must be a finite number.");
            }
        }

        if (!double.IsFinite(W0) || W0 < 0)
        {
            throw new ArgumentException($"{context}: {nameof(W0)} = {W0} must be a finite number >= 0.");
        }

        if (!double.IsFinite(M0) || M0 < 0)
        {
            throw new ArgumentException($"{context}: {nameof(M0)} = {M0} must be a finite number >= 0.");
        }
    }
}
