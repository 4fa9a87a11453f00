namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// The plain patient features the conditional prior uses (the data contracts map into this record).
/// </summary>
/// <param name="EgfrMutant">Activating EGFR mutation (drives the kinase-inhibitor kill kT).</param>
/// <param name="Pdl1Tps">PD-L1 tumour proportion score, percent 0-100 (drives the immune responder probability).</param>
/// <param name="TmbMutPerMb">Tumour mutational burden, mutations per megabase (>= 10 raises the responder odds).</param>
/// <param name="AgeYears">Age, years (>= 65 raises neutrophil sensitivity).</param>
/// <param name="Ecog">ECOG performance status 0-4 (raises neutrophil sensitivity and the death hazard).</param>
/// <param name="BaselineSldMm">Measured baseline SLD, mm, or NaN to draw it from the population prior.</param>
/// <param name="LesionCount">Number of target lesions 1-5, or 0 to draw it.</param>
public sealed record TwinCovariates(
    bool EgfrMutant,
    double Pdl1Tps,
    double TmbMutPerMb,
    double AgeYears,
    int Ecog,
    double BaselineSldMm = double.NaN,
    int LesionCount = 0)
{
    /// <summary>Throws naming the field when a value is out of range.</summary>
    public void Validate(string context = "covariates")
    {
        if (!double.IsFinite(Pdl1Tps) || Pdl1Tps < 0 || Pdl1Tps > 100)
        {
            throw new ArgumentException($"{context}: {nameof(Pdl1Tps)} = {Pdl1Tps} must be a percentage in [0, 100].");
        }

        if (!double.IsFinite(TmbMutPerMb) || TmbMutPerMb < 0)
        {
            throw new ArgumentException($"{context}: {nameof(TmbMutPerMb)} = {TmbMutPerMb} must be >= 0.");
        }

        if (!double.IsFinite(AgeYears) || AgeYears < 18 || AgeYears > 110)
        {
            throw new ArgumentException($"{context}: {nameof(AgeYears)} = {AgeYears} must be in [18, 110].");
        }

        if (Ecog is < 0 or > 4)
        {
            throw new ArgumentException($"{context}: {nameof(Ecog)} = {Ecog} must be 0-4.");
        }

        if (!double.IsNaN(BaselineSldMm) && (!double.IsFinite(BaselineSldMm) || BaselineSldMm <= 0))
        {
            throw new ArgumentException($"{context}: {nameof(BaselineSldMm)} = {BaselineSldMm} must be > 0 (or NaN to draw it).");
        }

        if (LesionCount is < 0 or > 5)
        {
            throw new ArgumentException($"{context}: {nameof(LesionCount)} = {LesionCount} must be 1-5 (or 0 to draw it).");
        }
    }
}
