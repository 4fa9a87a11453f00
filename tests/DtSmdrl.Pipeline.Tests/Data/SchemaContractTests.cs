using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Tests.Data;

[TestClass]
public sealed class SchemaContractTests
{
    [TestMethod]
    [DataRow(SchemaValidator.PatientRecordSchema)]
    [DataRow(SchemaValidator.OutcomeObservationSchema)]
    [DataRow(SchemaValidator.RecommendationSchema)]
    public void SchemasAreDraft202012WithIdAndLoad(string file)
    {
        var schema = JsonNode.Parse(SchemaValidator.ReadEmbedded(file))!;
        Assert.AreEqual("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
        StringAssert.EndsWith((string?)schema["$id"], file);
        Assert.IsNotNull(SchemaValidator.Load(file));
    }

    private static void AssertRoundTrip<T>(string example, string schemaFile)
    {
        var text = File.ReadAllText(TestFiles.Example(example));
        var element = JsonDocument.Parse(text).RootElement;
        var errors = SchemaValidator.Load(schemaFile).Validate(element);
        Assert.AreEqual(0, errors.Count, string.Join("; ", errors));
        var record = element.Deserialize<T>(DtSmdrlJson.Options)!;
        var again = JsonSerializer.SerializeToNode(record, DtSmdrlJson.Options)!;
        Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse(text), again), $"round trip changed the JSON:\n{again.ToJsonString()}");
    }

    [TestMethod]
    public void PatientExampleRoundTripsThroughTheRecord() => AssertRoundTrip<PatientRecord>("patient-record.example.json", SchemaValidator.PatientRecordSchema);

    [TestMethod]
    public void OutcomeExampleRoundTripsThroughTheRecord() => AssertRoundTrip<OutcomeObservation>("outcome-observation.example.json", SchemaValidator.OutcomeObservationSchema);

    [TestMethod]
    public void RecommendationExampleRoundTripsThroughTheRecord() => AssertRoundTrip<Recommendation>("recommendation.example.json", SchemaValidator.RecommendationSchema);

    [TestMethod]
    public void SchemaVocabulariesMatchTheCatalogs()
    {
        var schema = JsonNode.Parse(SchemaValidator.ReadEmbedded(SchemaValidator.PatientRecordSchema))!;
        string[] Enum(JsonNode node) => node.AsArray().Select(n => (string)n!).ToArray();
        var defs = schema["$defs"]!;
        CollectionAssert.AreEqual(Catalogs.SomaticGenes.ToArray(), Enum(defs["omics"]!["properties"]!["somatic_mutations"]!["propertyNames"]!["enum"]!));
        CollectionAssert.AreEqual(Catalogs.ExpressionGenes.ToArray(), Enum(defs["omics"]!["properties"]!["expression_log2_tpm"]!["propertyNames"]!["enum"]!));
        CollectionAssert.AreEqual(Catalogs.RadiomicsFeatures.ToArray(), Enum(defs["imaging"]!["properties"]!["radiomics"]!["propertyNames"]!["enum"]!));
        CollectionAssert.AreEqual(Catalogs.Regimens.ToArray(), Enum(defs["history"]!["properties"]!["courses"]!["items"]!["properties"]!["regimen"]!["enum"]!));
        CollectionAssert.AreEqual(Catalogs.TumourTypes.ToArray(), Enum(defs["clinical"]!["properties"]!["tumour_type"]!["enum"]!));
        CollectionAssert.AreEqual(Catalogs.Stages.ToArray(), Enum(defs["clinical"]!["properties"]!["stage"]!["enum"]!));
    }

    [TestMethod]
    public void EverySchemaPropertyIsARecordProperty()
    {
        // Serialise a record with every field set and compare its property names with the schema's.
        var text = File.ReadAllText(TestFiles.Example("patient-record.example.json"));
        var record = JsonSerializer.Deserialize<PatientRecord>(text, DtSmdrlJson.Options)!;
        var schema = JsonNode.Parse(SchemaValidator.ReadEmbedded(SchemaValidator.PatientRecordSchema))!;
        var topLevel = schema["properties"]!.AsObject().Select(p => p.Key).Order().ToArray();
        var recordNames = typeof(PatientRecord).GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).Order().ToArray();
        CollectionAssert.AreEqual(topLevel, recordNames);
        Assert.AreEqual("P000001", record.PatientId);
        var labNames = schema["$defs"]!["labs"]!["properties"]!.AsObject().Select(p => p.Key).Order().ToArray();
        var labRecord = JsonSerializer.SerializeToNode(new LabPanel
        {
            CollectedAt = DateTimeOffset.UnixEpoch, Anc10e9PerL = 1, HemoglobinGPerDl = 1, Platelets10e9PerL = 1, CreatinineMgPerDl = 1,
            EgfrMlPerMin = 1, AltUPerL = 1, AstUPerL = 1, BilirubinMgPerDl = 1, LdhUPerL = 1, AlbuminGPerDl = 1,
        }, DtSmdrlJson.Options)!.AsObject().Select(p => p.Key).Order().ToArray();
        CollectionAssert.AreEqual(labNames, labRecord);
    }
}
