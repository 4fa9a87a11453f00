using System.Runtime.CompilerServices;

namespace DtSmdrl.Pipeline.Twin.Models;

/// <summary>
/// The NSCLC twin's equations as static, allocation-free functions shared by the single-patient
/// model (<see cref="NsclcTwinModel"/>) and the batched simulator, so both compute the same numbers.
/// </summary>
/// <remarks>
/// <code>
/// V = S + R + X1 + X2 + X3
/// dS/dt  = g S ln(K/V) - (kC E_C + kT E_T + kI E_I) S - mu g S
/// dR/dt  = gR R ln(K/V) - (kC_R E_C + kI E_I) R + mu g S
/// dX1/dt = (kC E_C + kT E_T) S + kC_R E_C R - k1 X1;  dX2/dt = k1 (X1 - X2);  dX3/dt = k1 (X2 - X3)
/// E_C = Cc/(EC50_C + Cc),  E_T = Ct/(EC50_T + Ct),  E_I = responder * Ia
/// dCc/dt = -keC Cc;  dCt/dt = -keT Ct;  dAb/dt = -keI Ab     (doses are bolus events)
/// dIa/dt = (Ab/(EC50_I + Ab) - Ia)/tau_I                      (Ia = 1 - exp(-t/tau_I) at full occupancy)
/// ktr = 4/MTT, Edrug = slope Cc
/// dProl/dt = ktr Prol (1 - Edrug)(Circ0/Circ)^gamma - ktr Prol
/// dT1/dt = ktr (Prol - T1); dT2/dt = ktr (T1 - T2); dT3/dt = ktr (T2 - T3); dCirc/dt = ktr (T3 - Circ)
/// dH/dt = h0 exp(b1 ln(V/Vref) + b2 [Circ &lt; 0.5] + b3 Irae)
/// </code>
/// Irae, Tkae and their counts are set by the experiment's event draws; ToxicToday, ToxicityDays and
/// WellDays are the Q-TWiST day accounting (<see cref="AfterStep"/>, <see cref="EndDay"/>); their derivatives are 0.
/// The chemotherapy uses one compartment with the docetaxel terminal half-life (12 h) and volume CL/ke,
/// so its AUC equals the two-compartment popPK AUC; with Friberg's linear drug effect the neutrophil
/// insult depends on AUC only, which is why the linear (slope) form is used.
/// </remarks>
public static class NsclcDynamics
{
    /// <summary>Smallest volume used inside ln(K/V), mm^3, so an eradicated tumour stays finite.</summary>
    public const double VolumeFloor = 1e-9;

    /// <summary>Lesion diameter below which a lesion counts as gone (imaging limit), mm.</summary>
    public const double GoneDiameterMm = 1.0;

    /// <summary>Grade 4 neutropenia threshold (CTCAE v5), 10^9/L.</summary>
    public const double Grade4Anc = 0.5;

    /// <summary>CTCAE v5 grade 3 neutropenia: ANC below this, 10^9/L.</summary>
    public const double Grade3Anc = 1.0;

    /// <summary>Lower limit of normal ANC used for CTCAE grade 1, 10^9/L.</summary>
    public const double AncLowerLimitOfNormal = 2.0;

    /// <summary>Total volume of <paramref name="lesions"/> equal spheres whose diameters sum to <paramref name="sldMm"/>.</summary>
    public static double VolumeFromSld(double sldMm, int lesions)
    {
        var d = sldMm / lesions;
        return lesions * Math.PI / 6.0 * d * d * d;
    }

    /// <summary>
    /// Sum of longest diameters of the volume split over <paramref name="lesions"/> equal spheres,
    /// d = (6 V / (n pi))^(1/3) each; 0 when a lesion is below <see cref="GoneDiameterMm"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SldFromVolume(double volume, int lesions)
    {
        if (volume <= 0)
        {
            return 0;
        }

        var d = Math.Cbrt(6.0 * volume / (lesions * Math.PI));
        return d < GoneDiameterMm ? 0.0 : lesions * d;
    }

    /// <summary>
    /// Gompertz rate g giving a volume doubling time <paramref name="doublingDays"/> from V0 when K = ratio * V0:
    /// ln(V/K) = ln(V0/K) e^(-g t) gives g = -ln(ln(K/(2 V0)) / ln(K/V0)) / Td. Needs ratio > 2.
    /// </summary>
    public static double GompertzRateFromDoublingTime(double doublingDays, double plateauOverV0)
    {
        if (!(plateauOverV0 > 2.0))
        {
            throw new ArgumentOutOfRangeException(nameof(plateauOverV0), plateauOverV0, "K/V0 must exceed 2 for a doubling to exist.");
        }

        return -Math.Log(Math.Log(plateauOverV0 / 2.0) / Math.Log(plateauOverV0)) / doublingDays;
    }

    /// <summary>Closed-form Gompertz volume without treatment: V(t) = K exp(ln(V0/K) e^(-g t)).</summary>
    public static double GompertzVolume(double v0, double k, double g, double t) => k * Math.Exp(Math.Log(v0 / k) * Math.Exp(-g * t));

    /// <summary>CTCAE v5 neutropenia grade (0-4) of an ANC in 10^9/L.</summary>
    public static int NeutropeniaGrade(double anc) => anc switch
    {
        < 0.5 => 4,
        < 1.0 => 3,
        < 1.5 => 2,
        < AncLowerLimitOfNormal => 1,
        _ => 0,
    };

    /// <summary>Writes the day-0 state: the tumour split into S and R, no drug, neutrophils at Circ0.</summary>
    public static void InitialState(in NsclcParameters p, Span<double> y)
    {
        y.Slice(0, NsclcState.Count).Clear();
        y[NsclcState.S] = p.V0 * (1.0 - p.ResistantFraction);
        y[NsclcState.R] = p.V0 * p.ResistantFraction;
        y[NsclcState.Prol] = p.Circ0;
        y[NsclcState.T1] = p.Circ0;
        y[NsclcState.T2] = p.Circ0;
        y[NsclcState.T3] = p.Circ0;
        y[NsclcState.Circ] = p.Circ0;
        y[NsclcState.MinCirc] = p.Circ0;
    }

    /// <summary>Total tumour volume (proliferating plus damaged cells), mm^3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Volume(ReadOnlySpan<double> y) =>
        y[NsclcState.S] + y[NsclcState.R] + y[NsclcState.X1] + y[NsclcState.X2] + y[NsclcState.X3];

    /// <summary>The right-hand side; see the class remarks for the equations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Derivatives(in NsclcParameters p, ReadOnlySpan<double> y, Span<double> d)
    {
        var s = y[NsclcState.S];
        var r = y[NsclcState.R];
        var x1 = y[NsclcState.X1];
        var x2 = y[NsclcState.X2];
        var x3 = y[NsclcState.X3];
        var cc = y[NsclcState.Cc];
        var ct = y[NsclcState.Ct];
        var ab = y[NsclcState.Ab];
        var ia = y[NsclcState.Ia];
        var circ = Math.Max(y[NsclcState.Circ], 1e-9);

        var v = Math.Max(s + r + x1 + x2 + x3, VolumeFloor);
        var lnKv = Math.Log(p.K / v);
        var ec = cc / (p.Ec50C + cc);
        var et = ct / (p.Ec50T + ct);
        var killC = p.KC * ec;
        var killT = p.KT * et;
        var killI = p.KI * p.Responder * ia;
        var killCr = p.KCR * ec;
        var mutation = p.Mu * p.G * s;

        d[NsclcState.S] = p.G * s * lnKv - (killC + killT + killI) * s - mutation;
        d[NsclcState.R] = p.GR * r * lnKv - (killCr + killI) * r + mutation;
        d[NsclcState.X1] = (killC + killT) * s + killCr * r - p.K1 * x1;
        d[NsclcState.X2] = p.K1 * (x1 - x2);
        d[NsclcState.X3] = p.K1 * (x2 - x3);

        d[NsclcState.Cc] = -p.KeC * cc;
        d[NsclcState.Ct] = -p.KeT * ct;
        d[NsclcState.Ab] = -p.KeI * ab;
        d[NsclcState.Ia] = (ab / (p.Ec50I + ab) - ia) / p.TauI;

        var ktr = 4.0 / p.Mtt;
        var prol = y[NsclcState.Prol];
        var t1 = y[NsclcState.T1];
        var t2 = y[NsclcState.T2];
        var t3 = y[NsclcState.T3];
        var feedback = Math.Pow(p.Circ0 / circ, p.Gamma);
        d[NsclcState.Prol] = ktr * prol * (1.0 - p.Slope * cc) * feedback - ktr * prol;
        d[NsclcState.T1] = ktr * (prol - t1);
        d[NsclcState.T2] = ktr * (t1 - t2);
        d[NsclcState.T3] = ktr * (t2 - t3);
        d[NsclcState.Circ] = ktr * (t3 - y[NsclcState.Circ]);

        var logHazard = p.B1 * Math.Log(v / p.VRef) + (circ < Grade4Anc ? p.B2 : 0.0) + p.B3 * y[NsclcState.Irae];
        d[NsclcState.H] = p.H0 * Math.Exp(logHazard);
        d[NsclcState.Irae] = 0.0;
        d[NsclcState.MinCirc] = 0.0;
        d[NsclcState.IraeCount] = 0.0;
        d[NsclcState.Tkae] = 0.0;
        d[NsclcState.TkaeCount] = 0.0;
        d[NsclcState.ToxicToday] = 0.0;
        d[NsclcState.ToxicityDays] = 0.0;
        d[NsclcState.WellDays] = 0.0;
    }

    /// <summary>
    /// Dose event <paramref name="day"/> (0-based day within the cycle) of a cycle under <paramref name="action"/>:
    /// day 0 starts the cycle (resets the cycle's ANC minimum) and gives chemotherapy and the antibody
    /// (the antibody is held while a grade >= 3 irAE is active); every day gives the kinase inhibitor
    /// (held while a grade >= 3 targeted-therapy event is active).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ApplyCycleDoseEvent(in NsclcParameters p, TreatmentAction action, int day, Span<double> y)
    {
        if (day == 0)
        {
            y[NsclcState.MinCirc] = y[NsclcState.Circ];
            AddDose(p, DrugClass.Chemotherapy, action.Chemotherapy, y);
            if (y[NsclcState.Irae] <= 0)
            {
                AddDose(p, DrugClass.Immunotherapy, action.Immunotherapy, y);
            }
        }

        if (y[NsclcState.Tkae] <= 0)
        {
            AddDose(p, DrugClass.Targeted, action.Targeted, y);
        }
    }

    /// <summary>Adds a bolus of <paramref name="fraction"/> of the full dose of one drug class.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddDose(in NsclcParameters p, DrugClass drug, double fraction, Span<double> y)
    {
        if (fraction <= 0)
        {
            return;
        }

        switch (drug)
        {
            case DrugClass.Chemotherapy:
                y[NsclcState.Cc] += fraction * p.DoseC / p.VolC;
                break;
            case DrugClass.Targeted:
                y[NsclcState.Ct] += fraction * p.DoseT / p.VolT;
                break;
            case DrugClass.Immunotherapy:
                y[NsclcState.Ab] += fraction * p.DoseI / p.VolI;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(drug), drug, "Unknown drug class.");
        }
    }

    /// <summary>Smallest value a neutrophil compartment may take, 10^9/L.</summary>
    public const double NeutrophilFloor = 1e-6;

    /// <summary>
    /// Step hook: keeps the neutrophil compartments positive, the running ANC minimum of the cycle, and
    /// the day's grade >= 3 toxicity flag (ANC below 1.0, an active irAE or targeted-therapy event).
    /// The floor matters only for extreme patients (high neutrophil sensitivity with low chemotherapy
    /// clearance), where the drug term makes the proliferation equation stiff enough that an RK4 step
    /// overshoots below zero; the exact solution is positive (exponential decay), so clipping at a
    /// negligible floor keeps the solution physical instead of letting it turn into NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AfterStep(Span<double> y)
    {
        for (var k = NsclcState.Prol; k <= NsclcState.Circ; k++)
        {
            if (!(y[k] >= NeutrophilFloor))
            {
                y[k] = NeutrophilFloor;
            }
        }

        if (y[NsclcState.Circ] < y[NsclcState.MinCirc])
        {
            y[NsclcState.MinCirc] = y[NsclcState.Circ];
        }

        if (y[NsclcState.Circ] < Grade3Anc || y[NsclcState.Irae] > 0 || y[NsclcState.Tkae] > 0)
        {
            y[NsclcState.ToxicToday] = 1.0;
        }
    }

    /// <summary>
    /// Closes a whole day survived: counts it as a toxicity day or a well day (Q-TWiST accounting) and
    /// clears the day's flag. The experiment calls it at the end of every day the patient survives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EndDay(Span<double> y)
    {
        if (y[NsclcState.ToxicToday] > 0)
        {
            y[NsclcState.ToxicityDays] += 1.0;
        }
        else
        {
            y[NsclcState.WellDays] += 1.0;
        }

        y[NsclcState.ToxicToday] = 0.0;
    }

    /// <summary>Per-cycle probability of a grade >= 3 targeted-therapy event in a cycle with the kinase inhibitor.</summary>
    public static double TargetedEventProbability(in NsclcParameters p) => 1.0 / (1.0 + Math.Exp(-p.TkaeLogit));

    /// <summary>Per-cycle probability of a grade >= 3 irAE given full antibody doses received before this cycle.</summary>
    public static double IraeProbability(in NsclcParameters p, double priorAntibodyDoses) =>
        1.0 / (1.0 + Math.Exp(-(p.IraeLogit0 + p.IraeLogitPerDose * priorAntibodyDoses)));
}
