using System.Globalization;

namespace DtSmdrl.Host.Web;

/// <summary>How the pages write numbers and times: invariant culture, UTC, one style everywhere.</summary>
public static class Format
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Percent(double? p) => p is { } v && double.IsFinite(v) ? (100 * v).ToString("0.0", C) + "%" : "n/a";

    public static string Number(double? x, string format = "0.##") => x is { } v && double.IsFinite(v) ? v.ToString(format, C) : "n/a";

    public static string Time(long? unixMs) =>
        unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", C) : "never";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", C);

    public static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", C);
}
