using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Tests.Preprocessing;

[TestClass]
public sealed class WearableSummaryTests
{
    // 7 days, hourly: level 70, trend +0.5 per day, 24-h cosine of amplitude 10 peaking at 15:00, noise sd 1.
    private static (float[] Hours, float[] Values) SineSeries(int seed)
    {
        var rng = new Random(seed);
        var hours = Enumerable.Range(0, 7 * 24).Select(h => (float)h).ToArray();
        var values = hours.Select(t => (float)(70 + 0.5 * (t - 83.5) / 24 + 10 * Math.Cos(2 * Math.PI * (t - 15) / 24) + Gaussian(rng))).ToArray();
        return (hours, values);
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [TestMethod]
    public void SineSeriesRecoversLevelTrendVariabilityAndAmplitude()
    {
        var (hours, values) = SineSeries(3);
        var s = WearableSummary.Summarise(hours, values);
        Assert.AreEqual(70, s.Level, 0.3);
        Assert.AreEqual(0.5, s.TrendPerDay, 0.15);
        Assert.AreEqual(10, s.CircadianAmplitude, 0.3);
        Assert.AreEqual(1, s.Variability, 0.15);
    }

    [TestMethod]
    public void TooShortOrTooSparseSeriesIsMissing()
    {
        var (hours, values) = SineSeries(4);
        Assert.IsTrue(double.IsNaN(WearableSummary.Summarise(hours.AsSpan(0, 20), values.AsSpan(0, 20)).Level), "under 24 h");
        var sparse = values.Select((v, i) => i % 40 == 0 ? v : float.NaN).ToArray();
        Assert.IsTrue(double.IsNaN(WearableSummary.Summarise(hours, sparse).CircadianAmplitude), "5 valid samples");
    }

    [TestMethod]
    public void CatalogTransformWritesTheSummaryColumn()
    {
        var (hours, values) = SineSeries(5);
        var row = new PatientFeatureRow { PatientId = "P1", SignalHours = hours, HeartRate = values, Steps = [], SleepHours = [], Spo2 = [] };
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable([row]);
        var output = ml.DtSmdrl().SummariseWearables().Fit(data).Transform(data);
        var summary = output.GetColumn<float[]>(PatientFeaturizer.SignalSummary).Single();
        Assert.AreEqual(WearableSummaryOutput.Size, summary.Length);
        Assert.AreEqual(10, summary[3], 0.3, "heart_rate.circadian_amplitude");
        Assert.IsTrue(float.IsNaN(summary[4]), "steps has no samples");
        Assert.AreEqual("heart_rate.circadian_amplitude", WearableSummaryOutput.SlotNames[3]);
    }
}
