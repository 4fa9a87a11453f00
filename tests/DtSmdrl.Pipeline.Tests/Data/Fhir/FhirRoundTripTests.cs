using System.Text.Json;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Fhir;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Tests.Data.Fhir;

[TestClass]
public sealed class FhirRoundTripTests
{
    private static string Json(PatientRecord record) => JsonSerializer.Serialize(record, DtSmdrlJson.Options);

    [TestMethod]
    public void EveryFieldOfAFullRecordSurvivesRecordToFhirToRecord()
    {
        using var files = new TestFiles();
        var record = FhirTestBundles.Full();
        var path = files.Write("full.json", PatientRecordFhirWriter.ToJson(record, pretty: true));

        var result = new FhirPatientImport().Load(path);

        Assert.AreEqual(0, result.Issues.Count, string.Join("\n", result.Issues));
        Assert.AreEqual(1, result.Accepted.Count);
        Assert.AreEqual(Json(record), Json(result.Accepted[0]));
    }

    [TestMethod]
    public void EverySyntheticPatientSurvivesTheRoundTripIncludingMissingModalities()
    {
        using var files = new TestFiles();
        var generated = new SyntheticCohortGenerator(new CohortOptions { Size = 150, Seed = 11, MissingnessScale = 2.0 }).Generate().Select(p => p.Observed).ToList();
        var folder = Path.GetDirectoryName(files.Write("readme.txt", "bundles"))!;
        var written = FhirBundleFolder.Write(Path.Combine(folder, "fhir"), generated);

        var result = new FhirPatientImport().Load(Path.Combine(folder, "fhir"));

        Assert.AreEqual(150, written);
        Assert.AreEqual(0, result.Issues.Count, string.Join("\n", result.Issues.Take(5)));
        var byId = result.Accepted.ToDictionary(r => r.PatientId);
        foreach (var record in generated) Assert.AreEqual(Json(record), Json(byId[record.PatientId]), record.PatientId);
        // The sample exercises every modality both present and missing.
        foreach (var modality in new Func<PatientRecord, object?>[] { r => r.Clinical, r => r.Labs, r => r.Omics, r => r.Imaging, r => r.Signals, r => r.History, r => r.Note })
        {
            Assert.IsTrue(generated.Any(r => modality(r) is null));
            Assert.IsTrue(generated.Any(r => modality(r) is not null));
        }
    }

    [TestMethod]
    public void TheSameRecordAlwaysGivesTheSameBundle()
    {
        Assert.AreEqual(PatientRecordFhirWriter.ToJson(FhirTestBundles.Full()), PatientRecordFhirWriter.ToJson(FhirTestBundles.Full()));
        Assert.AreNotEqual(PatientRecordFhirWriter.ToJson(FhirTestBundles.Full("A")), PatientRecordFhirWriter.ToJson(FhirTestBundles.Full("B")));
    }
}
