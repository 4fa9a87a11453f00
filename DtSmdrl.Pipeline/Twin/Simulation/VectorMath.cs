using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// Natural log and exp on four doubles at once for the SIMD twin kernel (<see cref="NsclcSimdKernel"/>).
/// Only IEEE add, subtract, multiply, divide, compares, blends and integer bit operations are used (no
/// fused multiply-add, no hardware approximations), each exactly rounded, so the results are the same bits on
/// every x64 machine, with AVX2 or with .NET's software fallback for <see cref="Vector256{T}"/>.
/// </summary>
/// <remarks>
/// Error bounds (relative to the exact value; tests check them against <see cref="Math.Log(double)"/> and
/// <see cref="Math.Exp"/> over the twin's ranges and beyond):
/// <list type="bullet">
/// <item><see cref="Log"/>: x = 2^e m with m in [sqrt(1/2), sqrt(2)], f = m - 1 (exact), s = f/(2+f), z = s^2 &lt;= 0.0295;
/// ln(1+f) = 2s (1 + z/3 + ... + z^10/21), truncation &lt; 6e-19; rounding keeps the total within 5e-16 (about 2 ulp)
/// for every positive normal or subnormal x. 0 gives -inf, +inf gives +inf, x &lt; 0 and NaN give NaN.</item>
/// <item><see cref="Exp"/>: x = n ln2 + r with |r| &lt;= ln2/2 (ln2 split in two parts so n ln2 is exact),
/// e^r by its Taylor polynomial of degree 13 (truncation &lt; 5e-18), scaled by 2^n built in the exponent bits;
/// within 5e-16 (about 2 ulp) for x in [-708, 709]. Below -708 it returns 0 (no subnormal results), above 709 +inf,
/// NaN gives NaN. The twin's arguments stay within [-40, 10].</item>
/// </list>
/// </remarks>
public static class VectorMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01; // ln 2 with its low 32 bits zero: n * Ln2Hi is exact for |n| < 2^20
    private const double Ln2Lo = 1.90821492927058770002e-10; // ln 2 - Ln2Hi
    private const double InvLn2 = 1.44269504088896338700e+00;
    private const double RoundingMagic = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer held in the low mantissa bits
    private const double ExpMax = 709.0;
    private const double ExpMin = -708.0;
    private const double Sqrt2 = 1.41421356237309504880;
    private const double TwoTo54 = 18014398509481984.0;
    private const double SmallestNormal = 2.2250738585072014e-308;

    /// <summary>Natural logarithm of each lane (see the class remarks for the error bound).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x)
    {
        var one = Vector256.Create(1.0);
        // Subnormals: scale into the normal range first, and take 54 off the exponent.
        var subnormal = Vector256.LessThan(x, Vector256.Create(SmallestNormal));
        var scaled = Vector256.ConditionalSelect(subnormal, x * Vector256.Create(TwoTo54), x);
        var bits = scaled.AsInt64();
        var exponentBits = Vector256.ShiftRightLogical(bits, 52) & Vector256.Create(0x7FFL);
        var mantissa = ((bits & Vector256.Create(0x000FFFFFFFFFFFFFL)) | Vector256.Create(0x3FF0000000000000L)).AsDouble();
        var e = IntegerToDouble(exponentBits - Vector256.Create(1023L)) - (subnormal & Vector256.Create(54.0));
        var high = Vector256.GreaterThan(mantissa, Vector256.Create(Sqrt2));
        mantissa = Vector256.ConditionalSelect(high, mantissa * Vector256.Create(0.5), mantissa);
        e += high & one;

        var f = mantissa - one;
        var s = f / (Vector256.Create(2.0) + f);
        var z = s * s;
        var series = Vector256.Create(1.0 / 21);
        series = series * z + Vector256.Create(1.0 / 19);
        series = series * z + Vector256.Create(1.0 / 17);
        series = series * z + Vector256.Create(1.0 / 15);
        series = series * z + Vector256.Create(1.0 / 13);
        series = series * z + Vector256.Create(1.0 / 11);
        series = series * z + Vector256.Create(1.0 / 9);
        series = series * z + Vector256.Create(1.0 / 7);
        series = series * z + Vector256.Create(1.0 / 5);
        series = series * z + Vector256.Create(1.0 / 3);
        var twoS = s + s;
        var log1p = twoS + twoS * (z * series);
        var result = e * Vector256.Create(Ln2Hi) + (log1p + e * Vector256.Create(Ln2Lo));

        // 0 -> -inf, +inf -> +inf, negative or NaN -> NaN.
        var regular = Vector256.GreaterThan(x, Vector256<double>.Zero) & Vector256.LessThan(x, Vector256.Create(double.PositiveInfinity));
        var special = Vector256.ConditionalSelect(
            Vector256.Equals(x, Vector256<double>.Zero),
            Vector256.Create(double.NegativeInfinity),
            Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(double.PositiveInfinity)), x, Vector256.Create(double.NaN)));
        return Vector256.ConditionalSelect(regular, result, special);
    }

    /// <summary>e to the power of each lane (see the class remarks for the error bound).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        // Clamp first (NaN passes through both selects unchanged), so n stays in the normal exponent range.
        var clamped = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(ExpMax)), Vector256.Create(ExpMax), x);
        clamped = Vector256.ConditionalSelect(Vector256.LessThan(clamped, Vector256.Create(ExpMin)), Vector256.Create(ExpMin), clamped);
        var magic = Vector256.Create(RoundingMagic);
        var shifted = clamped * Vector256.Create(InvLn2) + magic;
        var n = shifted - magic;
        var r = clamped - n * Vector256.Create(Ln2Hi) - n * Vector256.Create(Ln2Lo);

        var p = Vector256.Create(1.0 / 6227020800.0); // 1/13!
        p = p * r + Vector256.Create(1.0 / 479001600.0);
        p = p * r + Vector256.Create(1.0 / 39916800.0);
        p = p * r + Vector256.Create(1.0 / 3628800.0);
        p = p * r + Vector256.Create(1.0 / 362880.0);
        p = p * r + Vector256.Create(1.0 / 40320.0);
        p = p * r + Vector256.Create(1.0 / 5040.0);
        p = p * r + Vector256.Create(1.0 / 720.0);
        p = p * r + Vector256.Create(1.0 / 120.0);
        p = p * r + Vector256.Create(1.0 / 24.0);
        p = p * r + Vector256.Create(1.0 / 6.0);
        p = p * r + Vector256.Create(0.5);
        p = p * r + Vector256.Create(1.0);
        p = p * r + Vector256.Create(1.0);

        // 2^n from the integer in the low bits of `shifted`: (n + 1023) << 52.
        var integer = shifted.AsInt64() - magic.AsInt64();
        var scale = Vector256.ShiftLeft(integer + Vector256.Create(1023L), 52).AsDouble();
        var result = p * scale;
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(ExpMax)), Vector256.Create(double.PositiveInfinity), result);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(ExpMin)), Vector256<double>.Zero, result);
    }

    /// <summary>Exact conversion of integers with |v| &lt; 2^51 to doubles through the rounding magic (no AVX-512 needed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> IntegerToDouble(Vector256<long> v)
    {
        var magic = Vector256.Create(RoundingMagic);
        return (v + magic.AsInt64()).AsDouble() - magic;
    }
}
