using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Tests.Data;

[TestClass]
public sealed class PlausibilityBoundsTests
{
    private static JsonObject Example() => JsonNode.Parse(File.ReadAllText(TestFiles.Example("patient-record.example.json")))!.AsObject();

    [TestMethod]
    [DataRow(1.0, 1.0)]
    [DataRow(2.0, 2.0)]
    public void EverySyntheticRecordPassesTheSchemaAndItsBounds(double noise, double missingness)
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-bounds-").FullName;
        try
        {
            CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 400, Seed = 11, NoiseScale = noise, MissingnessScale = missingness }));
            var patients = new JsonLinesLoader<PatientRecord>(PatientRecordContract.Instance).Load(Path.Combine(folder, CohortFolder.Patients));
            Assert.AreEqual(0, patients.Errors.Count, string.Join("\n", patients.Errors.Take(5)));
            Assert.AreEqual(400, patients.Accepted.Count);
            var outcomes = new JsonLinesLoader<OutcomeObservation>(OutcomeObservationContract.Instance).Load(Path.Combine(folder, CohortFolder.Outcomes));
            Assert.AreEqual(0, outcomes.Errors.Count, string.Join("\n", outcomes.Errors.Take(5)));
            Assert.IsGreaterThan(400, outcomes.Accepted.Count);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [TestMethod]
    [DataRow("sphericity", 1.5, "1")]
    [DataRow("volume_ml", 1e308, "35000")]
    [DataRow("firstorder_skewness", -1e308, "-20")]
    [DataRow("glcm_entropy", -0.1, "0")]
    public void OutOfRangeRadiomicsAreRejectedWithTheBound(string feature, double value, string bound)
    {
        var record = Example();
        record["imaging"]!["radiomics"]![feature] = value;
        var errors = new List<RecordError>();
        using var document = System.Text.Json.JsonDocument.Parse(record.ToJsonString());
        Assert.IsNull(new RecordValidator<PatientRecord>(PatientRecordContract.Instance).Validate(document.RootElement, "p.jsonl", 1, errors));
        var error = errors.Single();
        Assert.AreEqual($"imaging.radiomics.{feature}", error.Field);
        StringAssert.Contains(error.Reason, bound);
    }
}
