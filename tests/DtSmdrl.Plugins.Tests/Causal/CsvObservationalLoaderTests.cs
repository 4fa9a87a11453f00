using DtSmdrl.Plugins.BuiltIn.Causal;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>The CSV loader names the file, row and column of bad input and accounts for every dropped row.</summary>
[TestClass]
public sealed class CsvObservationalLoaderTests
{
    private static readonly ObservationalCsvSpec Spec = new("arm", "A", "B", "y", ["age", "grade"], []);

    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"causal-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [TestMethod]
    public void MissingColumn_IsNamed()
    {
        var path = Write("arm,y,age\nA,1,50\nB,0,60\n");
        var ex = Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(path, Spec));
        StringAssert.Contains(ex.Message, "covariate column 'grade' not found");
        StringAssert.Contains(ex.Message, path);
    }

    [TestMethod]
    public void NonNumericCovariate_NamesRowAndColumn()
    {
        var path = Write("arm,y,age,grade\nA,1,50,2\nB,0,sixty,1\n");
        var ex = Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(path, Spec));
        StringAssert.Contains(ex.Message, "data row 2 (line 3), column 'age': 'sixty' is not a number");
    }

    [TestMethod]
    public void AbsentTreatmentValue_IsNamedWithValuesPresent()
    {
        var path = Write("arm,y,age,grade\nA,1,50,2\nC,0,60,1\n");
        var ex = Assert.ThrowsExactly<FormatException>(() => CsvObservationalLoader.Load(path, Spec));
        StringAssert.Contains(ex.Message, "treatment value 'B' does not occur in column 'arm'");
        StringAssert.Contains(ex.Message, "'A', 'C'");
    }

    [TestMethod]
    public void MissingValues_DroppedCountedOrImputed()
    {
        var path = Write("arm,y,age,grade,site\nA,1,50,NA,x\nB,0,60,1,x\nA,,70,2,x\nNA,1,40,1,x\nB,1,40,3,x\nC,1,40,3,x\nB,1,40,3,z\n");
        var spec = Spec with { Filters = [new("site", "x")] };
        var loaded = CsvObservationalLoader.Load(path, spec);
        Assert.AreEqual(7, loaded.RowsRead);
        Assert.AreEqual(1, loaded.FilteredOut);
        Assert.AreEqual(1, loaded.OtherArm);
        Assert.AreEqual(1, loaded.MissingTreatment);
        Assert.AreEqual(1, loaded.MissingOutcome);
        Assert.AreEqual(3, loaded.Data!.Count);
        CollectionAssert.AreEqual(new[] { "age", "grade", "grade_missing" }, loaded.Data!.CovariateNames.ToArray());
        var imputed = loaded.Imputed.Single();
        Assert.AreEqual(("grade", 1, 2.0), (imputed.Name, imputed.MissingCount, imputed.Mean));
        CollectionAssert.AreEqual(new[] { 50.0, 2.0, 1.0 }, loaded.Data!.Covariates[0]);
        CollectionAssert.AreEqual(new[] { 60.0, 1.0, 0.0 }, loaded.Data!.Covariates[1]);
    }
}
