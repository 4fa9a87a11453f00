using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DtSmdrl.Pipeline.Preprocessing;

/// <summary>The wearable series columns the summary reads (names as in <see cref="Data.PatientFeatureRow"/>).</summary>
public sealed class WearableSeriesInput
{
    [VectorType]
    public float[] SignalHours { get; set; } = [];

    [VectorType]
    public float[] HeartRate { get; set; } = [];

    [VectorType]
    public float[] Steps { get; set; } = [];

    [VectorType]
    public float[] SleepHours { get; set; } = [];

    [VectorType]
    public float[] Spo2 { get; set; } = [];
}

/// <summary>
/// The summary column: for each channel (heart rate, steps, sleep hours, SpO2, in that order) level,
/// trend per day, variability and circadian amplitude (<see cref="WearableSummary"/>); NaN when missing.
/// </summary>
public sealed class WearableSummaryOutput
{
    /// <summary>Channels summarised, in slot order.</summary>
    public static IReadOnlyList<string> Channels { get; } = ["heart_rate", "steps", "sleep_hours", "spo2"];

    /// <summary>Slot count of <see cref="SignalSummary"/>.</summary>
    public const int Size = 4 * WearableSummary.FeaturesPerChannel;

    /// <summary>Slot names, e.g. "heart_rate.level", "heart_rate.trend_per_day".</summary>
    public static IReadOnlyList<string> SlotNames { get; } =
        Channels.SelectMany(c => new[] { c + ".level", c + ".trend_per_day", c + ".variability", c + ".circadian_amplitude" }).ToArray();

    [VectorType(Size)]
    public float[] SignalSummary { get; set; } = new float[Size];
}

/// <summary>
/// The <c>CustomMapping</c> factory behind <see cref="DtSmdrlCatalog.SummariseWearables"/>. The summary has no
/// learned state, so ML.NET saves only <see cref="ContractName"/>; loading needs this assembly registered
/// (<see cref="DtSmdrlCatalog.RegisterComponents"/>).
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class WearableSummaryMappingFactory : CustomMappingFactory<WearableSeriesInput, WearableSummaryOutput>
{
    /// <summary>The name written into saved models; change it only together with the mapping's meaning.</summary>
    public const string ContractName = "DtSmdrl.WearableSummary.v1";

    public override Action<WearableSeriesInput, WearableSummaryOutput> GetMapping() => Map;

    /// <summary>The mapping itself (also usable without ML.NET).</summary>
    public static void Map(WearableSeriesInput input, WearableSummaryOutput output)
    {
        var channels = new[] { input.HeartRate, input.Steps, input.SleepHours, input.Spo2 };
        var summary = output.SignalSummary.Length == WearableSummaryOutput.Size ? output.SignalSummary : new float[WearableSummaryOutput.Size];
        for (var c = 0; c < channels.Length; c++)
        {
            var values = channels[c] ?? [];
            var s = values.Length == (input.SignalHours?.Length ?? 0) && values.Length > 0
                ? WearableSummary.Summarise(input.SignalHours, values)
                : ChannelSummary.Missing;
            var o = c * WearableSummary.FeaturesPerChannel;
            summary[o] = (float)s.Level;
            summary[o + 1] = (float)s.TrendPerDay;
            summary[o + 2] = (float)s.Variability;
            summary[o + 3] = (float)s.CircadianAmplitude;
        }
        output.SignalSummary = summary;
    }
}
