using System.Text;
using DtSmdrl.Plugins.BuiltIn.Causal;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>Categorical covariates, time-to-event columns and malformed files as R's write.csv and real exports produce them.</summary>
[TestClass]
public sealed class CategoricalCsvLoaderTests
{
    private static string Write(string text, Encoding? encoding = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"causal-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    /// <summary>R: write.csv(data.frame(arm, y, size, grade)) with row names, quoted text, NA for missing.</summary>
    private static string RExport()
    {
        var lines = new StringBuilder("\"\",\"arm\",\"y\",\"size\",\"grade\"\n");
        string[] sizes = ["<=20", "20-50", ">50"];
        for (var i = 0; i < 60; i++)
        {
            var size = i switch { 7 => "NA", 8 => "\"\"", 9 => "\"big, \"\"very\"\"\"", _ => $"\"{sizes[i % 3]}\"" };
            lines.Append($"\"{i + 1}\",\"{(i % 2 == 0 ? "A" : "B")}\",{i % 3 % 2},{size},{1 + i % 3}\n");
        }
        return Write(lines.ToString());
    }

    private static readonly ObservationalCsvSpec Spec = new("arm", "A", "B", "y", ["size", "grade"], []);

    [TestMethod]
    public void TextColumn_IsDetectedAndDummyCodedWithReferenceAndMissingLevel()
    {
        var loaded = CsvObservationalLoader.Load(RExport(), Spec with { MinimumLevelCount = 1 });
        var size = loaded.Categorical.Single();
        Assert.AreEqual("size", size.Name);
        Assert.IsFalse(size.Declared);
        // Text order (ordinal): "20-50" < "<=20" < ">50" < "big, \"very\""; NA and "" are one missing level, last.
        Assert.AreEqual("20-50", size.Reference);
        CollectionAssert.AreEqual(new[] { "20-50", "<=20", ">50", "big, \"very\"", "(missing)" }, size.Levels.Select(l => l.Key).ToArray());
        Assert.AreEqual(2, size.Levels.Single(l => l.Key == "(missing)").Value);
        CollectionAssert.AreEqual(new[] { "size=<=20", "size=>50", "size=big, \"very\"", "size=(missing)", "grade" }, loaded.CovariateNames.ToArray());
        Assert.AreEqual(60, loaded.Used);
        // Row 8 (index 7) is NA: only its (missing) column is 1.
        CollectionAssert.AreEqual(new[] { 0.0, 0.0, 0.0, 1.0, 2.0 }, loaded.Data!.Covariates[7]);
        // Row 1 is "<=20".
        CollectionAssert.AreEqual(new[] { 1.0, 0.0, 0.0, 0.0, 1.0 }, loaded.Data.Covariates[0]);
        StringAssert.Contains(loaded.Warnings[0], "coded as categorical");
    }

    [TestMethod]
    public void RareLevels_ArePooledWithAWarning_DeclaredNumericIsCategorical()
    {
        var loaded = CsvObservationalLoader.Load(RExport(), Spec with { Categorical = ["grade"] });
        var size = loaded.Categorical.Single(c => c.Name == "size");
        CollectionAssert.AreEqual(new[] { "big, \"very\"", "(missing)" }, size.Pooled.ToArray());
        Assert.AreEqual(3, size.Levels.Single(l => l.Key == "(other)").Value);
        Assert.IsTrue(loaded.Warnings.Any(w => w.Contains("pooled into '(other)'")), string.Join(" | ", loaded.Warnings));
        var grade = loaded.Categorical.Single(c => c.Name == "grade");
        Assert.IsTrue(grade.Declared);
        Assert.AreEqual("1", grade.Reference);
        CollectionAssert.AreEqual(new[] { "grade=2", "grade=3" }, grade.Columns.ToArray());
    }

    [TestMethod]
    public void MixedNumbersAndText_IsAnErrorSuggestingCategorical()
    {
        var path = Write("arm,y,age\nA,1,50\nB,0,60\nA,0,old\nB,1,40\n");
        var ex = Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(path, Spec with { Covariates = ["age"] }));
        StringAssert.Contains(ex.Message, "data row 3 (line 4), column 'age': 'old' is not a number");
        StringAssert.Contains(ex.Message, "--categorical");
    }

    [TestMethod]
    public void ShortRow_NamesTheLine()
    {
        var path = Write("arm,y,age\nA,1,50\nB,0\nA,0,40\n");
        var ex = Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(path, Spec with { Covariates = ["age"] }));
        Assert.AreEqual($"{path}: line 3 (data row 2) has 2 fields, the header has 3.", ex.Message);
    }

    [TestMethod]
    public void EmptyFile_DuplicateHeader_Utf16WithoutBom_AreNamed()
    {
        var spec = Spec with { Covariates = ["age"] };
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(Write(""), spec)).Message, "empty file, no header row");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(Write("arm,y,age,age\nA,1,2,3\n"), spec)).Message, "column 'age' appears 2 times");
        var utf16 = Write("arm,y,age\nA,1,50\nB,0,60\n", new UnicodeEncoding(bigEndian: false, byteOrderMark: false));
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(utf16, spec)).Message, "UTF-16");
    }

    [TestMethod]
    public void HeaderOnly_AndBrokenQuoting_AreNamed()
    {
        var spec = Spec with { Covariates = ["age"] };
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(Write("arm,y,age\n"), spec)).Message, "no data rows");
        var broken = Write("arm,y,age\nA,1,50\nB,0,\"6\"0\"x\nA,1,40\n");
        var ex = Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(broken, spec));
        StringAssert.Contains(ex.Message, $"{broken}: line 3: malformed quoting");
    }

    [TestMethod]
    public void Utf16WithBom_Reads()
    {
        var path = Write("arm,y,age\nA,1,50\nB,0,60\nA,0,40\nB,1,30\n", new UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        Assert.AreEqual(4, CsvObservationalLoader.Load(path, Spec with { Covariates = ["age"] }).Used);
    }

    [TestMethod]
    public void OutcomeWithTextValues_NamesEveryValue()
    {
        var path = Write("arm,y,age\nA,yes,50\nB,no,60\nA,1,40\nB,yes,30\n");
        var ex = Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(path, Spec with { Covariates = ["age"] }));
        StringAssert.Contains(ex.Message, "column 'y' has values that are not numbers: 'yes' (first at line 2), 'no' (first at line 3)");
    }

    [TestMethod]
    public void TimeToEvent_EventCodings_RejectedRowsCountedByReason()
    {
        var spec = new ObservationalCsvSpec("arm", "A", "B", null, ["age"], []) { TimeColumn = "t", EventColumn = "d" };
        var path = Write("arm,t,d,age\nA,5,2,50\nB,3,1,60\nA,NA,2,40\nB,-1,1,30\nC,4,1,30\nB,2,,30\nA,7,1,41\nB,8,2,42\n");
        var loaded = CsvObservationalLoader.Load(path, spec);
        var data = loaded.Survival!;
        // 2/1 coding (no 0): 2 = event.
        CollectionAssert.AreEqual(new[] { true, false, false, true }, data.Event);
        CollectionAssert.AreEqual(new[] { 5.0, 3.0, 7.0, 8.0 }, data.Time);
        var reasons = loaded.Rejected.ToDictionary(r => r.Reason, r => r.Count);
        Assert.AreEqual(1, reasons["missing time"]);
        Assert.AreEqual(1, reasons["missing event"]);
        Assert.AreEqual(1, reasons["negative time"]);
        Assert.AreEqual("'C' 1", loaded.Rejected.Single(r => r.Reason == "other arm").Detail);

        var logical = Write("arm,t,d,age\nA,5,TRUE,50\nB,3,FALSE,60\n");
        CollectionAssert.AreEqual(new[] { true, false }, CsvObservationalLoader.Load(logical, spec).Survival!.Event);

        var bad = Write("arm,t,d,age\nA,5,1,50\nB,3,dead,60\nA,4,3,50\n");
        var ex = Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(bad, spec));
        StringAssert.Contains(ex.Message, "column 'd': event values must be 1/0, TRUE/FALSE or 2/1 (2 = event); found 'dead' (1 rows, first at line 3), '3' (1 rows, first at line 4)");
    }

    [TestMethod]
    public void NumericModifierWithManyValues_IsSplitAtItsMedian()
    {
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => $"{(i % 2 == 0 ? "A" : "B")},{i % 2},{i}\n"));
        var loaded = CsvObservationalLoader.Load(Write("arm,y,age\n" + rows), Spec with { Covariates = ["age"], Modifiers = ["age"] });
        var modifier = loaded.Modifiers.Single();
        CollectionAssert.AreEqual(new[] { "<= 19.5", "> 19.5" }, modifier.Levels.ToArray());
        Assert.AreEqual(20, modifier.Labels.Count(l => l == "<= 19.5"));
    }
}
