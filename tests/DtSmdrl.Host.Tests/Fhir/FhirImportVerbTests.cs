using System.Text.Json.Nodes;
using DtSmdrl.Host.Storage;

namespace DtSmdrl.Host.Tests.Fhir;

[TestClass]
public sealed class FhirImportVerbTests
{
    [TestMethod]
    public void SynthFhirBundlesImportIntoTheStoreAsTheSameRecords()
    {
        using var db = TestDatabase.Create("sqlite");
        var config = Path.Combine(db.Folder, "config.json");
        File.WriteAllText(config, new JsonObject
        {
            ["Store"] = new JsonObject { ["Provider"] = "sqlite", ["ConnectionString"] = db.ConnectionString },
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
        }.ToJsonString());
        var cohort = Path.Combine(db.Folder, "cohort");

        var (code, output) = CliInvoker.Invoke("synth", "--patients", "4", "--seed", "5", "--out", cohort, "--quiet", "--fhir");
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "fhir: 4 bundles");

        (code, output) = CliInvoker.Invoke("patients", "import", "--fhir", Path.Combine(cohort, "fhir"), "--config", config);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "4 bundle(s), 4 accepted, 0 rejected; 4 patient record(s); 0 error(s), 0 not mapped; 4 stored or updated");

        // The same records as the JSONL import: importing patients.jsonl afterwards changes nothing.
        (code, output) = CliInvoker.Invoke("patients", "import", "--file", Path.Combine(cohort, "patients.jsonl"), "--config", config);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "0 stored or updated, 4 unchanged");
        Assert.AreEqual(4L, new PatientStore(db.Database).Count());

        File.WriteAllText(Path.Combine(cohort, "fhir", "P0000001.json"),
            File.ReadAllText(Path.Combine(cohort, "fhir", "P0000001.json")).Replace("\"code\":\"10*9/L\"", "\"code\":\"mg/dL\""));
        (code, output) = CliInvoker.Invoke("patients", "import", "--fhir", Path.Combine(cohort, "fhir", "P0000001.json"), "--config", config);
        Assert.AreEqual(3, code, output);
        StringAssert.Contains(output, "P0000001.json:1 entry");
        StringAssert.Contains(output, "element Observation.valueQuantity.code: error: unit 'mg/dL' is not an accepted UCUM unit for absolute neutrophil count");

        (code, output) = CliInvoker.Invoke("patients", "import", "--config", config);
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(output, "give exactly one of --file or --fhir");
    }
}
