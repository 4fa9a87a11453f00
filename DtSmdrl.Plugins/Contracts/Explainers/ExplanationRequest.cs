namespace DtSmdrl.Plugins.Contracts.Explainers;

/// <summary>One patient to explain.</summary>
/// <param name="PatientId">Patient id; also the <see cref="BatchPredictor"/> context.</param>
/// <param name="Values">Feature values in <see cref="ExplainableModel.Features"/> order (NaN = missing).</param>
/// <param name="Target">What to explain for this patient (e.g. chosen regimen minus best alternative).</param>
public sealed record PatientToExplain(string PatientId, double[] Values, ExplanationTarget Target);

/// <summary>Settings every explainer reads the parts of that apply to it.</summary>
/// <param name="Seed">Seed of any sampling (coalitions, permutations, bootstrap); the same seed gives the same result.</param>
/// <param name="Samples">KernelSHAP: coalitions evaluated per patient (all of them when 2^M - 2 is not larger).</param>
/// <param name="Steps">Integrated gradients: Riemann (trapezoid) steps along the path.</param>
/// <param name="Permutations">Permutation importance: permutations per feature.</param>
/// <param name="Bootstrap">KernelSHAP: bootstrap resamples of the coalitions for the standard errors.</param>
public sealed record ExplainerOptions(int Seed = 1, int Samples = 256, int Steps = 64, int Permutations = 5, int Bootstrap = 30)
{
    /// <summary>Checks every field; the message names it.</summary>
    public void Validate()
    {
        if (Samples < 2) throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "KernelSHAP needs at least 2 coalitions.");
        if (Steps < 2 || Steps % 2 != 0) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Integrated gradients needs an even number of steps >= 2 (the half-step estimate gives the error).");
        if (Permutations < 1) throw new ArgumentOutOfRangeException(nameof(Permutations), Permutations, "Need at least one permutation.");
        if (Bootstrap < 0) throw new ArgumentOutOfRangeException(nameof(Bootstrap), Bootstrap, "Bootstrap resamples must be >= 0.");
    }
}

/// <summary>Per-patient explanation request.</summary>
/// <param name="Model">The model.</param>
/// <param name="Patients">Patients with their targets.</param>
/// <param name="Background">Reference rows (e.g. training patients): KernelSHAP's background and the integrated-gradients baseline (their mean).</param>
/// <param name="Options">Sampling settings.</param>
public sealed record ExplanationRequest(ExplainableModel Model, IReadOnlyList<PatientToExplain> Patients, IReadOnlyList<double[]> Background, ExplainerOptions Options);

/// <summary>Global importance request: importance of every feature for each listed output over a set of patients.</summary>
/// <param name="Model">The model.</param>
/// <param name="PatientIds">Patients (and <see cref="BatchPredictor"/> contexts) whose rows are in <paramref name="Rows"/>.</param>
/// <param name="Rows">Feature rows of those patients.</param>
/// <param name="Outputs">Outputs to rank features for (e.g. every regimen).</param>
/// <param name="Background">Reference rows, as in <see cref="ExplanationRequest"/>.</param>
/// <param name="Options">Sampling settings.</param>
public sealed record GlobalExplanationRequest(ExplainableModel Model, IReadOnlyList<string> PatientIds, IReadOnlyList<double[]> Rows,
    IReadOnlyList<int> Outputs, IReadOnlyList<double[]> Background, ExplainerOptions Options);
