using System.Globalization;

namespace DtSmdrl.Pipeline.Data.Fhir;

/// <summary>
/// double &lt;-> FHIR decimal without drift: through the shortest round-trip text, because the
/// explicit (decimal)double conversion keeps only 15 significant digits.
/// </summary>
internal static class FhirNumbers
{
    public static decimal ToDecimal(double value) =>
        decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double ToDouble(decimal value) =>
        double.Parse(value.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
}
