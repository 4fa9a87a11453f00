using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// One RK4 solver step of the NSCLC twin (<see cref="NsclcDynamics"/>) for many patients at once, four per
/// <see cref="Vector256{T}"/> (lanes = patients), reading and writing the batched simulator's structure-of-arrays
/// state in place. Per-patient parameters are held here as arrays too (filled at reset and branching); per-lane
/// conditions (a dead or retired patient, the event flags, the dose events, the neutrophil floor, the grade 4 term of
/// the hazard) are masks and blends, so there is no branch per patient inside a step.
/// </summary>
/// <remarks>
/// The arrays are padded to a multiple of four patients and the last group of a range is masked, so a patient's
/// numbers never depend on its slot (a branch or a re-run in another slot gives the same bits). The equations are
/// <see cref="NsclcDynamics.Derivatives"/> rewritten for fewer transcendental calls: ln V serves both the Gompertz
/// term (ln K - ln V) and the hazard (ln V - ln Vref), and the neutrophil feedback (Circ0/Circ)^gamma is
/// exp(gamma ln Circ0 - gamma ln Circ), so an evaluation needs 2 logs and 2 exps (<see cref="VectorMath"/>);
/// 1/tau_I is a multiplication. The results therefore differ from the scalar reference by rounding only (tested
/// to a stated tolerance); within this kernel they are exact and machine-independent (no fused multiply-add).
/// </remarks>
public sealed class NsclcSimdKernel
{
    /// <summary>Patients per vector.</summary>
    public const int Lanes = 4;

    /// <summary>
    /// Floating-point operations per patient per solver step, counted from the code below (add, subtract, multiply and
    /// divide count 1 each; compares, blends, sign flips and integer bit operations 0): 4 derivative evaluations of
    /// <see cref="ModelFlopsPerEvaluation"/> + 2 <see cref="LogFlops"/> + 2 <see cref="ExpFlops"/>, 3 trial states of
    /// 2 x 15, the final combination of 7 x 15 and the two event counters. The dose additions (at most 3 a day) are not counted.
    /// </summary>
    public const int FlopsPerStep = 4 * (ModelFlopsPerEvaluation + 2 * LogFlops + 2 * ExpFlops) + NonModelFlopsPerStep;

    /// <summary>The step's arithmetic outside the derivative evaluations: trial states 3 x 30, combination 105, event counters 2.</summary>
    public const int NonModelFlopsPerStep = 3 * 30 + 105 + 2;

    /// <summary>
    /// Model arithmetic of one derivative evaluation without the log/exp internals: volume 4, ln K - ln V 1, E_C, E_T,
    /// occupancy and dIa 8, kill and mutation rates 5, dS 7, dR 6, dX1-dX3 10, PK 3, feedback argument 2,
    /// neutrophils 7 + 4 x 2, hazard exponent 5, dH 1.
    /// </summary>
    public const int ModelFlopsPerEvaluation = 4 + 1 + 8 + 5 + 7 + 6 + 10 + 3 + 2 + 15 + 5 + 1;

    /// <summary>Arithmetic of one <see cref="VectorMath.Log"/> per lane.</summary>
    public const int LogFlops = 35;

    /// <summary>Arithmetic of one <see cref="VectorMath.Exp"/> per lane.</summary>
    public const int ExpFlops = 34;

    private readonly double[][] state;
    private readonly bool[] alive;
    private readonly bool[] retired;
    private readonly long[] iraeOnsetStep;
    private readonly long[] iraeEndStep;
    private readonly long[] tkaeOnsetStep;
    private readonly long[] tkaeEndStep;

    // Per-patient parameters, in the form the kernel uses them.
    private readonly double[] lnK, g, gR, kC, kCR, kT, kIResponder, muG, k1, ec50C, ec50T, ec50I;
    private readonly double[] keC, keT, keI, invTauI, ktr, slope, gammaLnCirc0, gamma, h0, b1, b2, b3, lnVRef;

    // Per-patient bolus sizes of the current cycle's action (0 when the drug is not given).
    private readonly double[] chemoBolus, targetedBolus, antibodyBolus;

    /// <summary>Binds the kernel to the simulator's arrays (all of length at least <paramref name="paddedCapacity"/>).</summary>
    public NsclcSimdKernel(
        int paddedCapacity, double[][] state, bool[] alive, bool[] retired,
        long[] iraeOnsetStep, long[] iraeEndStep, long[] tkaeOnsetStep, long[] tkaeEndStep)
    {
        if (paddedCapacity < Lanes || paddedCapacity % Lanes != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(paddedCapacity), paddedCapacity, $"Must be a positive multiple of {Lanes}.");
        }

        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != NsclcState.Count || state.Any(v => v.Length < paddedCapacity)
            || alive.Length < paddedCapacity || retired.Length < paddedCapacity
            || iraeOnsetStep.Length < paddedCapacity || iraeEndStep.Length < paddedCapacity
            || tkaeOnsetStep.Length < paddedCapacity || tkaeEndStep.Length < paddedCapacity)
        {
            throw new ArgumentException($"Every array must hold {paddedCapacity} patients and the state {NsclcState.Count} variables.");
        }

        this.state = state;
        this.alive = alive;
        this.retired = retired;
        this.iraeOnsetStep = iraeOnsetStep;
        this.iraeEndStep = iraeEndStep;
        this.tkaeOnsetStep = tkaeOnsetStep;
        this.tkaeEndStep = tkaeEndStep;
        double[] New() => new double[paddedCapacity];
        lnK = New(); g = New(); gR = New(); kC = New(); kCR = New(); kT = New(); kIResponder = New(); muG = New();
        k1 = New(); ec50C = New(); ec50T = New(); ec50I = New(); keC = New(); keT = New(); keI = New(); invTauI = New();
        ktr = New(); slope = New(); gammaLnCirc0 = New(); gamma = New(); h0 = New(); b1 = New(); b2 = New(); b3 = New(); lnVRef = New();
        chemoBolus = New(); targetedBolus = New(); antibodyBolus = New();
    }

    /// <summary>Whether <see cref="Vector256{T}"/> runs on hardware here (else .NET's software fallback, same numbers, slower).</summary>
    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    /// <summary>Stores a patient's parameters in slot <paramref name="i"/>.</summary>
    public void SetPatient(int i, in NsclcParameters p)
    {
        lnK[i] = Math.Log(p.K);
        g[i] = p.G;
        gR[i] = p.GR;
        kC[i] = p.KC;
        kCR[i] = p.KCR;
        kT[i] = p.KT;
        kIResponder[i] = p.KI * p.Responder;
        muG[i] = p.Mu * p.G;
        k1[i] = p.K1;
        ec50C[i] = p.Ec50C;
        ec50T[i] = p.Ec50T;
        ec50I[i] = p.Ec50I;
        keC[i] = p.KeC;
        keT[i] = p.KeT;
        keI[i] = p.KeI;
        invTauI[i] = 1.0 / p.TauI;
        ktr[i] = 4.0 / p.Mtt;
        slope[i] = p.Slope;
        gammaLnCirc0[i] = p.Gamma * Math.Log(p.Circ0);
        gamma[i] = p.Gamma;
        h0[i] = p.H0;
        b1[i] = p.B1;
        b2[i] = p.B2;
        b3[i] = p.B3;
        lnVRef[i] = Math.Log(p.VRef);
    }

    /// <summary>Stores the bolus sizes of the cycle's action for slot <paramref name="i"/> (as <see cref="NsclcDynamics.AddDose"/> computes them).</summary>
    public void SetCycleAction(int i, in NsclcParameters p, TreatmentAction action)
    {
        chemoBolus[i] = action.Chemotherapy > 0 ? action.Chemotherapy * p.DoseC / p.VolC : 0.0;
        targetedBolus[i] = action.Targeted > 0 ? action.Targeted * p.DoseT / p.VolT : 0.0;
        antibodyBolus[i] = action.Immunotherapy > 0 ? action.Immunotherapy * p.DoseI / p.VolI : 0.0;
    }

    /// <summary>
    /// Advances patients [<paramref name="from"/>, <paramref name="to"/>) that are alive and not retired by solver step
    /// <paramref name="globalStep"/>: event flags, the dose event of day <paramref name="doseDay"/> of the cycle (-1 = none
    /// at this step), one RK4 step of size <paramref name="h"/> and the step hook (<see cref="NsclcDynamics.AfterStep"/>).
    /// <paramref name="from"/> must be a multiple of <see cref="Lanes"/>. The death check and the day accounting stay with the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(int from, int to, long globalStep, int doseDay, double h)
    {
        if (from % Lanes != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(from), from, $"Must be a multiple of {Lanes}.");
        }

        var stepVector = Vector256.Create(globalStep);
        var half = Vector256.Create(0.5 * h);
        var full = Vector256.Create(h);
        var sixth = Vector256.Create(h / 6.0);
        var one = Vector256.Create(1.0);
        for (var i = from; i < to; i += Lanes)
        {
            var active = ActiveMask(i, to);
            if (Vector256.EqualsAll(active.AsInt64(), Vector256<long>.Zero))
            {
                continue;
            }

            var p = LoadParameters(i);
            var y0 = LoadState(i);
            var irae = Load(state[NsclcState.Irae], i);
            var iraeCount = Load(state[NsclcState.IraeCount], i);
            var tkae = Load(state[NsclcState.Tkae], i);
            var tkaeCount = Load(state[NsclcState.TkaeCount], i);
            var minCirc = Load(state[NsclcState.MinCirc], i);
            var toxicToday = Load(state[NsclcState.ToxicToday], i);

            // Event flags (NsclcEvents.ApplyFlag): an onset is counted when the flag turns on.
            var iraeActive = EventActive(stepVector, iraeOnsetStep, iraeEndStep, i);
            iraeCount += one & iraeActive & Vector256.LessThanOrEqual(irae, Vector256<double>.Zero);
            irae = one & iraeActive;
            var tkaeActive = EventActive(stepVector, tkaeOnsetStep, tkaeEndStep, i);
            tkaeCount += one & tkaeActive & Vector256.LessThanOrEqual(tkae, Vector256<double>.Zero);
            tkae = one & tkaeActive;

            var y = y0;
            // Dose events (NsclcDynamics.ApplyCycleDoseEvent): antibody held during an irAE, inhibitor during a targeted-therapy event.
            if (doseDay == 0)
            {
                minCirc = y.Circ;
                y.Cc += Load(chemoBolus, i);
                y.Ab += Load(antibodyBolus, i) & Vector256.LessThanOrEqual(irae, Vector256<double>.Zero);
            }

            if (doseDay >= 0)
            {
                y.Ct += Load(targetedBolus, i) & Vector256.LessThanOrEqual(tkae, Vector256<double>.Zero);
            }

            // Classical RK4 with the same combination as Rk4Solver, ((k1 + 2 k2) + 2 k3) + k4, summed as the stages
            // come so only one set of stage derivatives is live (fewer registers spilled).
            var k = Derivatives(p, y, irae);
            var sum = k;
            k = Derivatives(p, Trial(y, half, k), irae);
            Accumulate(ref sum, k);
            k = Derivatives(p, Trial(y, half, k), irae);
            Accumulate(ref sum, k);
            k = Derivatives(p, Trial(y, full, k), irae);
            y = Finish(y, sixth, sum, k);

            // Step hook (NsclcDynamics.AfterStep): neutrophil floor (NaN included), cycle nadir, day's toxicity flag.
            var floor = Vector256.Create(NsclcDynamics.NeutrophilFloor);
            y.Prol = Floor(y.Prol, floor);
            y.T1 = Floor(y.T1, floor);
            y.T2 = Floor(y.T2, floor);
            y.T3 = Floor(y.T3, floor);
            y.Circ = Floor(y.Circ, floor);
            minCirc = Vector256.ConditionalSelect(Vector256.LessThan(y.Circ, minCirc), y.Circ, minCirc);
            var toxic = Vector256.LessThan(y.Circ, Vector256.Create(NsclcDynamics.Grade3Anc))
                | Vector256.GreaterThan(irae, Vector256<double>.Zero) | Vector256.GreaterThan(tkae, Vector256<double>.Zero);
            toxicToday = Vector256.ConditionalSelect(toxic, one, toxicToday);

            StoreState(i, active, y, y0);
            StoreMasked(state[NsclcState.Irae], i, active, irae);
            StoreMasked(state[NsclcState.IraeCount], i, active, iraeCount);
            StoreMasked(state[NsclcState.Tkae], i, active, tkae);
            StoreMasked(state[NsclcState.TkaeCount], i, active, tkaeCount);
            StoreMasked(state[NsclcState.MinCirc], i, active, minCirc);
            StoreMasked(state[NsclcState.ToxicToday], i, active, toxicToday);
        }
    }

    /// <summary>The right-hand side for four patients; see the class remarks for how it differs from the scalar form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Lanes15 Derivatives(in LaneParameters p, in Lanes15 y, Vector256<double> irae)
    {
        var circ = y.Circ;
        var floorCirc = Vector256.Create(1e-9);
        circ = Vector256.ConditionalSelect(Vector256.LessThan(circ, floorCirc), floorCirc, circ);
        var v = y.S + y.R + y.X1 + y.X2 + y.X3;
        var floorV = Vector256.Create(NsclcDynamics.VolumeFloor);
        v = Vector256.ConditionalSelect(Vector256.LessThan(v, floorV), floorV, v);
        var lnV = VectorMath.Log(v);
        var lnKv = p.LnK - lnV;
        var ec = y.Cc / (p.Ec50C + y.Cc);
        var et = y.Ct / (p.Ec50T + y.Ct);
        var killC = p.KC * ec;
        var killT = p.KT * et;
        var killI = p.KIResponder * y.Ia;
        var killCr = p.KCR * ec;
        var mutation = p.MuG * y.S;

        Lanes15 d;
        d.S = p.G * y.S * lnKv - (killC + killT + killI) * y.S - mutation;
        d.R = p.GR * y.R * lnKv - (killCr + killI) * y.R + mutation;
        d.X1 = (killC + killT) * y.S + killCr * y.R - p.K1 * y.X1;
        d.X2 = p.K1 * (y.X1 - y.X2);
        d.X3 = p.K1 * (y.X2 - y.X3);
        d.Cc = -(p.KeC * y.Cc);
        d.Ct = -(p.KeT * y.Ct);
        d.Ab = -(p.KeI * y.Ab);
        d.Ia = (y.Ab / (p.Ec50I + y.Ab) - y.Ia) * p.InvTauI;

        var lnCirc = VectorMath.Log(circ);
        var feedback = VectorMath.Exp(p.GammaLnCirc0 - p.Gamma * lnCirc);
        var one = Vector256.Create(1.0);
        d.Prol = p.Ktr * y.Prol * (one - p.Slope * y.Cc) * feedback - p.Ktr * y.Prol;
        d.T1 = p.Ktr * (y.Prol - y.T1);
        d.T2 = p.Ktr * (y.T1 - y.T2);
        d.T3 = p.Ktr * (y.T2 - y.T3);
        d.Circ = p.Ktr * (y.T3 - y.Circ);

        var grade4 = Vector256.LessThan(circ, Vector256.Create(NsclcDynamics.Grade4Anc));
        var logHazard = p.B1 * (lnV - p.LnVRef) + (p.B2 & grade4) + p.B3 * irae;
        d.H = p.H0 * VectorMath.Exp(logHazard);
        return d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Lanes15 Trial(in Lanes15 y, Vector256<double> step, in Lanes15 k)
    {
        Lanes15 t;
        t.S = y.S + step * k.S;
        t.R = y.R + step * k.R;
        t.X1 = y.X1 + step * k.X1;
        t.X2 = y.X2 + step * k.X2;
        t.X3 = y.X3 + step * k.X3;
        t.Cc = y.Cc + step * k.Cc;
        t.Ct = y.Ct + step * k.Ct;
        t.Ab = y.Ab + step * k.Ab;
        t.Ia = y.Ia + step * k.Ia;
        t.Prol = y.Prol + step * k.Prol;
        t.T1 = y.T1 + step * k.T1;
        t.T2 = y.T2 + step * k.T2;
        t.T3 = y.T3 + step * k.T3;
        t.Circ = y.Circ + step * k.Circ;
        t.H = y.H + step * k.H;
        return t;
    }

    // sum += 2 k (the middle stages' weight).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref Lanes15 sum, in Lanes15 k)
    {
        var two = Vector256.Create(2.0);
        sum.S += two * k.S;
        sum.R += two * k.R;
        sum.X1 += two * k.X1;
        sum.X2 += two * k.X2;
        sum.X3 += two * k.X3;
        sum.Cc += two * k.Cc;
        sum.Ct += two * k.Ct;
        sum.Ab += two * k.Ab;
        sum.Ia += two * k.Ia;
        sum.Prol += two * k.Prol;
        sum.T1 += two * k.T1;
        sum.T2 += two * k.T2;
        sum.T3 += two * k.T3;
        sum.Circ += two * k.Circ;
        sum.H += two * k.H;
    }

    // y + h/6 (sum + k4).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Lanes15 Finish(in Lanes15 y, Vector256<double> sixth, in Lanes15 sum, in Lanes15 k)
    {
        Lanes15 n;
        n.S = y.S + sixth * (sum.S + k.S);
        n.R = y.R + sixth * (sum.R + k.R);
        n.X1 = y.X1 + sixth * (sum.X1 + k.X1);
        n.X2 = y.X2 + sixth * (sum.X2 + k.X2);
        n.X3 = y.X3 + sixth * (sum.X3 + k.X3);
        n.Cc = y.Cc + sixth * (sum.Cc + k.Cc);
        n.Ct = y.Ct + sixth * (sum.Ct + k.Ct);
        n.Ab = y.Ab + sixth * (sum.Ab + k.Ab);
        n.Ia = y.Ia + sixth * (sum.Ia + k.Ia);
        n.Prol = y.Prol + sixth * (sum.Prol + k.Prol);
        n.T1 = y.T1 + sixth * (sum.T1 + k.T1);
        n.T2 = y.T2 + sixth * (sum.T2 + k.T2);
        n.T3 = y.T3 + sixth * (sum.T3 + k.T3);
        n.Circ = y.Circ + sixth * (sum.Circ + k.Circ);
        n.H = y.H + sixth * (sum.H + k.H);
        return n;
    }

    // !(x >= floor) -> floor, so NaN is floored as in the scalar hook.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Floor(Vector256<double> x, Vector256<double> floor) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, floor), x, floor);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> ActiveMask(int i, int to)
    {
        long Lane(int j) => j < to && alive[j] && !retired[j] ? -1L : 0L;
        return Vector256.Create(Lane(i), Lane(i + 1), Lane(i + 2), Lane(i + 3)).AsDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> EventActive(Vector256<long> step, long[] onset, long[] end, int i)
    {
        var o = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(onset), (nuint)i);
        var e = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(end), (nuint)i);
        return (Vector256.GreaterThanOrEqual(step, o) & Vector256.LessThan(step, e)).AsDouble();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(double[] array, int i) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMasked(double[] array, int i, Vector256<double> mask, Vector256<double> value)
    {
        ref var start = ref MemoryMarshal.GetArrayDataReference(array);
        var old = Vector256.LoadUnsafe(ref start, (nuint)i);
        Vector256.ConditionalSelect(mask, value, old).StoreUnsafe(ref start, (nuint)i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Lanes15 LoadState(int i)
    {
        Lanes15 y;
        y.S = Load(state[NsclcState.S], i);
        y.R = Load(state[NsclcState.R], i);
        y.X1 = Load(state[NsclcState.X1], i);
        y.X2 = Load(state[NsclcState.X2], i);
        y.X3 = Load(state[NsclcState.X3], i);
        y.Cc = Load(state[NsclcState.Cc], i);
        y.Ct = Load(state[NsclcState.Ct], i);
        y.Ab = Load(state[NsclcState.Ab], i);
        y.Ia = Load(state[NsclcState.Ia], i);
        y.Prol = Load(state[NsclcState.Prol], i);
        y.T1 = Load(state[NsclcState.T1], i);
        y.T2 = Load(state[NsclcState.T2], i);
        y.T3 = Load(state[NsclcState.T3], i);
        y.Circ = Load(state[NsclcState.Circ], i);
        y.H = Load(state[NsclcState.H], i);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StoreState(int i, Vector256<double> mask, in Lanes15 y, in Lanes15 old)
    {
        Store(state[NsclcState.S], i, mask, y.S, old.S);
        Store(state[NsclcState.R], i, mask, y.R, old.R);
        Store(state[NsclcState.X1], i, mask, y.X1, old.X1);
        Store(state[NsclcState.X2], i, mask, y.X2, old.X2);
        Store(state[NsclcState.X3], i, mask, y.X3, old.X3);
        Store(state[NsclcState.Cc], i, mask, y.Cc, old.Cc);
        Store(state[NsclcState.Ct], i, mask, y.Ct, old.Ct);
        Store(state[NsclcState.Ab], i, mask, y.Ab, old.Ab);
        Store(state[NsclcState.Ia], i, mask, y.Ia, old.Ia);
        Store(state[NsclcState.Prol], i, mask, y.Prol, old.Prol);
        Store(state[NsclcState.T1], i, mask, y.T1, old.T1);
        Store(state[NsclcState.T2], i, mask, y.T2, old.T2);
        Store(state[NsclcState.T3], i, mask, y.T3, old.T3);
        Store(state[NsclcState.Circ], i, mask, y.Circ, old.Circ);
        Store(state[NsclcState.H], i, mask, y.H, old.H);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(double[] array, int i, Vector256<double> mask, Vector256<double> value, Vector256<double> old) =>
        Vector256.ConditionalSelect(mask, value, old).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private LaneParameters LoadParameters(int i)
    {
        LaneParameters p;
        p.LnK = Load(lnK, i);
        p.G = Load(g, i);
        p.GR = Load(gR, i);
        p.KC = Load(kC, i);
        p.KCR = Load(kCR, i);
        p.KT = Load(kT, i);
        p.KIResponder = Load(kIResponder, i);
        p.MuG = Load(muG, i);
        p.K1 = Load(k1, i);
        p.Ec50C = Load(ec50C, i);
        p.Ec50T = Load(ec50T, i);
        p.Ec50I = Load(ec50I, i);
        p.KeC = Load(keC, i);
        p.KeT = Load(keT, i);
        p.KeI = Load(keI, i);
        p.InvTauI = Load(invTauI, i);
        p.Ktr = Load(ktr, i);
        p.Slope = Load(slope, i);
        p.GammaLnCirc0 = Load(gammaLnCirc0, i);
        p.Gamma = Load(gamma, i);
        p.H0 = Load(h0, i);
        p.B1 = Load(b1, i);
        p.B2 = Load(b2, i);
        p.B3 = Load(b3, i);
        p.LnVRef = Load(lnVRef, i);
        return p;
    }

    /// <summary>The 15 integrated state variables of four patients.</summary>
    private struct Lanes15
    {
        public Vector256<double> S, R, X1, X2, X3, Cc, Ct, Ab, Ia, Prol, T1, T2, T3, Circ, H;
    }

    /// <summary>Four patients' parameters.</summary>
    private struct LaneParameters
    {
        public Vector256<double> LnK, G, GR, KC, KCR, KT, KIResponder, MuG, K1, Ec50C, Ec50T, Ec50I;
        public Vector256<double> KeC, KeT, KeI, InvTauI, Ktr, Slope, GammaLnCirc0, Gamma, H0, B1, B2, B3, LnVRef;
    }
}
