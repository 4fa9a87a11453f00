using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Twin.Models;

/// <summary>
/// Parameters of one NSCLC patient twin (twin-models.md sections 2-5). Names follow the paper
/// symbols; units are given per field. Time is in days, volume in mm^3, ANC in 10^9/L.
/// </summary>
/// <remarks>
/// <see cref="Typical"/> is a mid-prior patient; <c>TwinPrior</c> samples whole populations.
/// Call <see cref="Validate"/> (the simulators do) to get a clear error for a bad field.
/// </remarks>
public readonly record struct NsclcParameters
{
    // ---- Tumour (section 2) ----

    /// <summary>Number of target lesions (1-5); the volume is split equally between them.</summary>
    public int LesionCount { get; init; }

    /// <summary>V0: total tumour volume at day 0, mm^3.</summary>
    public double V0 { get; init; }

    /// <summary>K: Gompertz plateau volume, mm^3.</summary>
    public double K { get; init; }

    /// <summary>g: Gompertz rate of the sensitive cells, 1/day (dV/dt = g V ln(K/V)).</summary>
    public double G { get; init; }

    /// <summary>gR: Gompertz rate of the resistant cells, 1/day (gR/g is the cost of resistance).</summary>
    public double GR { get; init; }

    /// <summary>R0/V0: resistant fraction at day 0 (0..1).</summary>
    public double ResistantFraction { get; init; }

    /// <summary>mu: resistance gain per division (sensitive -> resistant flow mu*g*S).</summary>
    public double Mu { get; init; }

    /// <summary>k1: transit rate of damaged cells to death (three compartments), 1/day.</summary>
    public double K1 { get; init; }

    /// <summary>kC: chemotherapy kill rate of sensitive cells at full effect, 1/day.</summary>
    public double KC { get; init; }

    /// <summary>kC_R: chemotherapy kill rate of resistant cells at full effect, 1/day.</summary>
    public double KCR { get; init; }

    /// <summary>kT: kinase-inhibitor kill rate of sensitive cells at full occupancy, 1/day (about 0 in EGFR wild-type).</summary>
    public double KT { get; init; }

    /// <summary>kI: immune kill rate at full activation in a responder, 1/day.</summary>
    public double KI { get; init; }

    /// <summary>Immune responder latent: 1 = responds to the checkpoint antibody, 0 = does not.</summary>
    public double Responder { get; init; }

    /// <summary>tau_I: delay of the immune effect (activation follows occupancy with this time constant), days.</summary>
    public double TauI { get; init; }

    /// <summary>EC50_C: chemotherapy concentration of half-maximal tumour kill, uM.</summary>
    public double Ec50C { get; init; }

    /// <summary>EC50_T: kinase-inhibitor concentration of half occupancy, mg/L.</summary>
    public double Ec50T { get; init; }

    /// <summary>EC50_I: antibody concentration of half-maximal target engagement, mg/L.</summary>
    public double Ec50I { get; init; }

    // ---- Pharmacokinetics (section 3), one compartment per drug class ----

    /// <summary>Chemotherapy elimination rate, 1/day (docetaxel terminal half-life about 12 h).</summary>
    public double KeC { get; init; }

    /// <summary>Chemotherapy apparent volume, L (CL/ke so the AUC equals the popPK AUC).</summary>
    public double VolC { get; init; }

    /// <summary>Full chemotherapy dose, umol (75 mg/m2 x 1.8 m2 = 135 mg docetaxel, MW 807.9).</summary>
    public double DoseC { get; init; }

    /// <summary>Kinase-inhibitor elimination rate, 1/day (erlotinib half-life 36 h).</summary>
    public double KeT { get; init; }

    /// <summary>Kinase-inhibitor apparent volume V/F, L.</summary>
    public double VolT { get; init; }

    /// <summary>Full daily kinase-inhibitor dose, mg (erlotinib 150 mg).</summary>
    public double DoseT { get; init; }

    /// <summary>Antibody elimination rate, 1/day (pembrolizumab half-life about 22 days).</summary>
    public double KeI { get; init; }

    /// <summary>Antibody volume, L.</summary>
    public double VolI { get; init; }

    /// <summary>Full antibody dose, mg (pembrolizumab 200 mg).</summary>
    public double DoseI { get; init; }

    // ---- Neutrophils, Friberg 2002 (section 4) ----

    /// <summary>Circ0: baseline ANC, 10^9/L.</summary>
    public double Circ0 { get; init; }

    /// <summary>MTT: mean transit time through maturation, days (ktr = 4/MTT).</summary>
    public double Mtt { get; init; }

    /// <summary>gamma: feedback exponent of (Circ0/Circ).</summary>
    public double Gamma { get; init; }

    /// <summary>Slope: linear drug effect on proliferation, 1/uM (Edrug = Slope * Cc).</summary>
    public double Slope { get; init; }

    // ---- Immune-related adverse events and death (section 5) ----

    /// <summary>Intercept of the per-cycle logit of a grade >= 3 irAE when the antibody is given.</summary>
    public double IraeLogit0 { get; init; }

    /// <summary>Increase of that logit per full antibody dose already received (cumulative exposure).</summary>
    public double IraeLogitPerDose { get; init; }

    /// <summary>Duration of an active grade >= 3 irAE (antibody held, death hazard raised), days.</summary>
    public double IraeDuration { get; init; }

    // ---- Grade >= 3 targeted-therapy events (EGFR TKI rash, diarrhoea, ILD; empirical, like the irAE model) ----

    /// <summary>Logit of the per-cycle probability of a grade >= 3 targeted-therapy event in a cycle with the kinase inhibitor.</summary>
    public double TkaeLogit { get; init; }

    /// <summary>Duration of an active grade >= 3 targeted-therapy event (kinase inhibitor held), days.</summary>
    public double TkaeDuration { get; init; }

    /// <summary>h0: death hazard at V = Vref with no toxicity, 1/day.</summary>
    public double H0 { get; init; }

    /// <summary>b1: log-hazard slope in log(V/Vref).</summary>
    public double B1 { get; init; }

    /// <summary>b2: log-hazard increase while ANC is below 0.5 (grade 4, febrile-neutropenia proxy).</summary>
    public double B2 { get; init; }

    /// <summary>b3: log-hazard increase while a grade >= 3 irAE is active.</summary>
    public double B3 { get; init; }

    /// <summary>Vref: reference volume of the death hazard, mm^3.</summary>
    public double VRef { get; init; }

    /// <summary>
    /// A mid-prior patient: two lesions, SLD 80 mm, volume doubling 120 days, immune non-responder,
    /// EGFR wild-type, literature PK and Friberg values, tuned drug effects from <c>TwinPriorOptions</c> defaults.
    /// </summary>
    public static NsclcParameters Typical
    {
        get
        {
            var v0 = NsclcDynamics.VolumeFromSld(80.0, 2);
            var g = NsclcDynamics.GompertzRateFromDoublingTime(120.0, 10.0);
            return new NsclcParameters
            {
                LesionCount = 2,
                V0 = v0,
                K = 10.0 * v0,
                G = g,
                GR = 0.8 * g,
                ResistantFraction = 0.002,
                Mu = 1e-5,
                K1 = 0.5,
                KC = 0.6,
                KCR = 0.18,
                KT = 0.0,
                KI = 0.04,
                Responder = 0,
                TauI = 35.0,
                Ec50C = 0.3,
                Ec50T = 0.05,
                Ec50I = 1.0,
                KeC = Math.Log(2) / 0.5,
                VolC = 782.4 / (Math.Log(2) / 0.5),
                DoseC = 135_000.0 / 807.9,
                KeT = Math.Log(2) / 1.5,
                VolT = 233.0,
                DoseT = 150.0,
                KeI = Math.Log(2) / 22.0,
                VolI = 6.0,
                DoseI = 200.0,
                Circ0 = 5.05,
                Mtt = 88.7 / 24.0,
                Gamma = 0.161,
                Slope = 8.58,
                IraeLogit0 = -4.4,
                IraeLogitPerDose = 0.02,
                IraeDuration = 42.0,
                TkaeLogit = -3.4,
                TkaeDuration = 14.0,
                H0 = 0.001,
                B1 = 1.0,
                B2 = 3.0,
                B3 = 2.0,
                VRef = v0,
            };
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    /// <param name="context">Where the parameters came from (e.g. "patient 12"), used in the message.</param>
    public void Validate(string context = "parameters")
    {
        if (LesionCount is < 1 or > 5)
        {
            throw new ArgumentException($"{context}: {nameof(LesionCount)} = {LesionCount} must be between 1 and 5.");
        }

        Positive(context, nameof(V0), V0);
        Positive(context, nameof(K), K);
        NonNegative(context, nameof(G), G);
        NonNegative(context, nameof(GR), GR);
        if (!double.IsFinite(ResistantFraction) || ResistantFraction < 0 || ResistantFraction >= 1)
        {
            throw new ArgumentException($"{context}: {nameof(ResistantFraction)} = {ResistantFraction} must be in [0, 1).");
        }

        NonNegative(context, nameof(Mu), Mu);
        Positive(context, nameof(K1), K1);
        NonNegative(context, nameof(KC), KC);
        NonNegative(context, nameof(KCR), KCR);
        NonNegative(context, nameof(KT), KT);
        NonNegative(context, nameof(KI), KI);
        if (Responder is not (0.0 or 1.0))
        {
            throw new ArgumentException($"{context}: {nameof(Responder)} = {Responder} must be 0 or 1.");
        }

        Positive(context, nameof(TauI), TauI);
        Positive(context, nameof(Ec50C), Ec50C);
        Positive(context, nameof(Ec50T), Ec50T);
        Positive(context, nameof(Ec50I), Ec50I);
        Positive(context, nameof(KeC), KeC);
        Positive(context, nameof(VolC), VolC);
        NonNegative(context, nameof(DoseC), DoseC);
        Positive(context, nameof(KeT), KeT);
        Positive(context, nameof(VolT), VolT);
        NonNegative(context, nameof(DoseT), DoseT);
        Positive(context, nameof(KeI), KeI);
        Positive(context, nameof(VolI), VolI);
        NonNegative(context, nameof(DoseI), DoseI);
        Positive(context, nameof(Circ0), Circ0);
        Positive(context, nameof(Mtt), Mtt);
        NonNegative(context, nameof(Gamma), Gamma);
        NonNegative(context, nameof(Slope), Slope);
        Finite(context, nameof(IraeLogit0), IraeLogit0);
        Finite(context, nameof(IraeLogitPerDose), IraeLogitPerDose);
        Positive(context, nameof(IraeDuration), IraeDuration);
        Finite(context, nameof(TkaeLogit), TkaeLogit);
        Positive(context, nameof(TkaeDuration), TkaeDuration);
        NonNegative(context, nameof(H0), H0);
        Finite(context, nameof(B1), B1);
        Finite(context, nameof(B2), B2);
        Finite(context, nameof(B3), B3);
        Positive(context, nameof(VRef), VRef);
    }

    private static void Finite(string context, string field, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{context}: {field} = {value} must be a finite number.");
        }
    }

    private static void Positive(string context, string field, double value)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentException($"{context}: {field} = {value} must be a finite number > 0.");
        }
    }

    private static void NonNegative(string context, string field, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentException($"{context}: {field} = {value} must be a finite number >= 0 (negative rates are not allowed).");
        }
    }
}
