using System.Globalization;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>
/// A CSV cell read as a number the way a JSON number is read: invariant culture, dot as decimal separator, finite.
/// "NaN", "Infinity" and values beyond a double (1e400) are refused here as the JSONL loader refuses them, instead of
/// becoming NaN or Infinity.
/// </summary>
public static class CsvNumber
{
    /// <summary>Largest integer a double holds exactly; integer columns beyond it are not converted.</summary>
    public const double MaxExactInteger = 9007199254740992;

    /// <summary>The value, or null and the reason it is not a number.</summary>
    public static double? Parse(string text, out string? reason)
    {
        reason = null;
        if (text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            if (double.IsFinite(value)) return value;
            reason = $"'{text}' is outside the range of a finite double";
            return null;
        }
        reason = $"'{text}' is not a number (use a dot as decimal separator; NaN and Infinity are not accepted)";
        return null;
    }
}
