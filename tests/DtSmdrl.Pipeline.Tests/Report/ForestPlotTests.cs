using System.Xml;
using DtSmdrl.Pipeline.Report;

namespace DtSmdrl.Pipeline.Tests.Report;

[TestClass]
public sealed class ForestPlotTests
{
    private static readonly PairedDifference[] Paired =
    [
        new("Clinical Baseline", "DT-SMDRL", "gain_captured", -0.20, -0.28, -0.12, 40),
        new("DRL", "DT-SMDRL", "gain_captured", -0.03, -0.09, 0.01, 40),
        new("Clinical Baseline", "DT-SMDRL", "violation_rate", 0.15, 0.10, 0.20, 40),
        new("DRL", "DT-SMDRL", "qtwist_days", double.NaN, double.NaN, double.NaN, 40),
    ];

    [TestMethod]
    public void SvgIsWellFormedTitledAndSaysEveryNumberInText()
    {
        var svg = ForestPlot.Svg("fig_test", "DT-SMDRL", ["No treatment", "Clinical Baseline", "DRL", "DT-SMDRL"], Paired)!;
        var doc = new XmlDocument { XmlResolver = null };
        doc.LoadXml(svg);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("s", "http://www.w3.org/2000/svg");
        Assert.AreEqual("img", doc.DocumentElement!.GetAttribute("role"));
        Assert.AreEqual("Paired differences: DT-SMDRL minus each row", doc.SelectSingleNode("/s:svg/s:title", ns)!.InnerText);
        var desc = doc.SelectSingleNode("/s:svg/s:desc", ns)!.InnerText;
        StringAssert.Contains(desc, "DT-SMDRL minus Clinical Baseline: +20.0 pts [12.0, 28.0], favours DT-SMDRL;");
        StringAssert.Contains(desc, "DT-SMDRL minus DRL: +3.0 pts [-1.0, 9.0], no difference shown;");
        StringAssert.Contains(desc, "DT-SMDRL minus Clinical Baseline: -15.0 pts [-20.0, -10.0], favours DT-SMDRL;");
        StringAssert.Contains(desc, "DT-SMDRL minus DRL: n/a [n/a, n/a], no difference shown;");
        var texts = doc.SelectNodes("//s:text", ns)!.Cast<XmlNode>().Select(n => n.InnerText).ToList();
        CollectionAssert.Contains(texts, "DT-SMDRL − Clinical Baseline");
        CollectionAssert.Contains(texts, "favours DT-SMDRL");
        CollectionAssert.Contains(texts, "Violation rate (difference in points; lower is better: left of 0 favours DT-SMDRL)");
        // No row for a pair paired.csv does not hold (No treatment), and no panel for a metric without pairs (decision accuracy).
        Assert.IsFalse(texts.Any(t => t.Contains("No treatment", StringComparison.Ordinal)));
        Assert.IsFalse(texts.Any(t => t.StartsWith("Decision accuracy", StringComparison.Ordinal)));
        // One dashed zero line per panel drawn (gain captured, Q-TWiST, violation rate).
        Assert.AreEqual(3, doc.SelectNodes("//s:line[@stroke-dasharray]", ns)!.Count);
        // A whisker and its two end caps per defined interval (three of the four rows; the undefined one has none).
        Assert.AreEqual(9, doc.SelectNodes("//s:line[@stroke-width='1.5']", ns)!.Count);
    }

    [TestMethod]
    public void ZeroLineSitsAtZeroOnTheAxis()
    {
        var svg = ForestPlot.Svg("fig_test", "DT-SMDRL", ["Clinical Baseline"], [Paired[0]])!;
        var doc = new XmlDocument { XmlResolver = null };
        doc.LoadXml(svg);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("s", "http://www.w3.org/2000/svg");
        var zero = (XmlElement)doc.SelectSingleNode("//s:line[@stroke-dasharray]", ns)!;
        var tickZero = doc.SelectNodes("//s:text", ns)!.Cast<XmlElement>().Single(t => t.InnerText == "0");
        Assert.AreEqual(zero.GetAttribute("x1"), tickZero.GetAttribute("x"));
        // The difference is +20 points [12, 28], so the estimate's square lies right of the zero line.
        var square = doc.SelectNodes("//s:rect[@width='10']", ns)!.Cast<XmlElement>().Single();
        Assert.IsGreaterThan(double.Parse(zero.GetAttribute("x1"), System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(square.GetAttribute("x"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual("#000", square.GetAttribute("fill"), "an interval that excludes 0 has a filled square");
    }

    [TestMethod]
    public void NoPairsNoFigure()
    {
        Assert.IsNull(ForestPlot.Svg("fig_test", "Supervised Model", ["DRL"], Paired));
        var folder = Directory.CreateTempSubdirectory("forest").FullName;
        try
        {
            Assert.IsNull(ForestPlot.Write(folder, "fig_test", "caption", "Supervised Model", ["DRL"], Paired));
            Assert.IsEmpty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void AxisHoldsEveryValueAndZeroOnOneTwoFiveSteps()
    {
        Assert.AreEqual((-5.0, 15.0, 5.0), ForestPlot.Axis(-3.2, 12.7));
        Assert.AreEqual((0.0, 0.04, 0.01), (Math.Round(ForestPlot.Axis(0, 0.037).Lower, 12), Math.Round(ForestPlot.Axis(0, 0.037).Upper, 12), Math.Round(ForestPlot.Axis(0, 0.037).Step, 12)));
        Assert.AreEqual((-1.0, 1.0, 0.5), ForestPlot.Axis(0, 0));
    }
}
