using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Plugins.BuiltIn.Explainers.Models;

namespace DtSmdrl.Plugins.Tests.Explainers;

[TestClass]
public sealed class PatientBiomarkersTests
{
    [TestMethod]
    public void EveryTrueDriverIsANamedBiomarkerWithAUnit()
    {
        var names = PatientBiomarkers.Features.Select(f => f.Name).ToHashSet();
        Assert.HasCount(50, names);
        foreach (var driver in TrueDrivers.Response.Values.SelectMany(d => d).Concat(TrueDrivers.Toxicity.Values.SelectMany(d => d)))
            Assert.Contains(driver, names);
        Assert.AreEqual("% TPS", PatientBiomarkers.Features.Single(f => f.Name == "omics.pdl1_tps_pct").Unit);
        CollectionAssert.AreEqual(new[] { 4, 10, 25, 11 }, PatientBiomarkers.GroupSizes.ToArray());
    }

    [TestMethod]
    public void ValuesRoundTripThroughAFeaturiserRowAndSetPresence()
    {
        var template = new PatientFeatureRow { PatientId = "p", Note = "note", Sex = "female" };
        Array.Fill(template.ModalityPresent, 1f);
        var values = Enumerable.Range(0, 50).Select(i => i < 4 ? double.NaN : i * 0.5).ToArray();
        var row = PatientBiomarkers.WithValues(template, values);
        var back = PatientBiomarkers.Values(row);
        for (var i = 0; i < values.Length; i++)
            Assert.AreEqual(values[i], back[i], 1e-6, $"value {i}");
        Assert.AreEqual(0f, row.ModalityPresent[0], "clinical values all missing");
        Assert.AreEqual(1f, row.ModalityPresent[1]);
        Assert.AreEqual("note", row.Note);
        Assert.AreEqual("female", row.Sex);
        // PD-L1 is the second omics scalar of the featuriser row and the 16th biomarker.
        Assert.AreEqual(values[15], row.OmicsScalars[1], 1e-6);
    }

    [TestMethod]
    public void CombinationRegimenHasTheDriversOfBothDrugClasses()
    {
        var drivers = PatientBiomarkers.ResponseDrivers("chemo_immuno");
        CollectionAssert.IsSubsetOf(TrueDrivers.Response["chemo"].ToArray(), drivers.ToArray());
        CollectionAssert.IsSubsetOf(TrueDrivers.Response["immuno"].ToArray(), drivers.ToArray());
        CollectionAssert.AreEquivalent(TrueDrivers.Response["targeted"].ToArray(), PatientBiomarkers.ResponseDrivers("targeted").ToArray());
        Assert.ThrowsExactly<ArgumentException>(() => PatientBiomarkers.ResponseDrivers("surgery"));
    }
}
