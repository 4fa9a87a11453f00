namespace DtSmdrl.Pipeline.Twin;

/// <summary>
/// One entry of an <see cref="ActionSet"/>: a named treatment for one decision interval, given as the
/// fraction of each drug class's full dose (0 = not given, 1 = full dose).
/// </summary>
/// <param name="Name">Stable name used in configuration and logs, e.g. "chemo_full".</param>
/// <param name="Chemotherapy">Fraction of the full chemotherapy dose given on day 1 (0..1).</param>
/// <param name="Targeted">Fraction of the full daily kinase-inhibitor dose given every day of the cycle (0..1).</param>
/// <param name="Immunotherapy">Fraction of the full antibody dose given on day 1 (0..1).</param>
public sealed record TreatmentAction(string Name, double Chemotherapy, double Targeted, double Immunotherapy)
{
    /// <summary>Dose fraction of one drug class.</summary>
    public double Fraction(DrugClass drug) => drug switch
    {
        DrugClass.Chemotherapy => Chemotherapy,
        DrugClass.Targeted => Targeted,
        DrugClass.Immunotherapy => Immunotherapy,
        _ => throw new ArgumentOutOfRangeException(nameof(drug), drug, "Unknown drug class."),
    };
}
