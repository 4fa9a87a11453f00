using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Tests.Data;

/// <summary>Every validation rule has a failing example with the expected field and message.</summary>
[TestClass]
public sealed class ValidationRuleTests
{
    private static JsonObject Example() => JsonNode.Parse(File.ReadAllText(TestFiles.Example("patient-record.example.json")))!.AsObject();

    private static RecordError SingleError(Action<JsonObject> mutate)
    {
        var record = Example();
        mutate(record);
        using var files = new TestFiles();
        var path = files.Write("patients.jsonl", record.ToJsonString() + "\n");
        var result = new JsonLinesLoader<PatientRecord>(PatientRecordContract.Instance).Load(path, new LoadOptions { DisplayName = "patients.jsonl" });
        Assert.AreEqual(0, result.Accepted.Count, "the bad record was accepted");
        Assert.AreEqual(1, result.Errors.Count, string.Join("\n", result.Errors));
        var error = result.Errors[0];
        Assert.AreEqual("patients.jsonl", error.File);
        Assert.AreEqual(1L, error.Line);
        Assert.AreEqual("P000001", error.RecordId);
        return error;
    }

    private static void Expect(Action<JsonObject> mutate, string field, string messagePart)
    {
        var error = SingleError(mutate);
        Assert.AreEqual(field, error.Field, error.ToString());
        StringAssert.Contains(error.Reason, messagePart, error.ToString());
    }

    [TestMethod]
    public void ExampleIsValid()
    {
        using var files = new TestFiles();
        var path = files.Write("ok.jsonl", Example().ToJsonString() + "\n");
        var result = new JsonLinesLoader<PatientRecord>(PatientRecordContract.Instance).Load(path);
        Assert.AreEqual(1, result.Accepted.Count, string.Join("\n", result.Errors));
    }

    [TestMethod]
    public void AncInCellsPerMicrolitreIsCalledOut() =>
        Expect(r => r["labs"]!["anc_10e9_per_l"] = 4800, "labs.anc_10e9_per_l", "cells/uL");

    [TestMethod]
    public void HaemoglobinInGramsPerLitreIsCalledOut() =>
        Expect(r => r["labs"]!["hemoglobin_g_per_dl"] = 129, "labs.hemoglobin_g_per_dl", "g/L");

    [TestMethod]
    public void NegativeDiameterIsRejected() =>
        Expect(r => r["imaging"]!["lesion_diameters_mm"] = new JsonArray(42.5, -3.0), "imaging.lesion_diameters_mm[1]", "must be a finite number >= 0");

    [TestMethod]
    public void LesionBelowTenMillimetresIsNotATarget() =>
        Expect(r => r["imaging"]!["lesion_diameters_mm"] = new JsonArray(42.5, 6.0), "imaging.lesion_diameters_mm[1]", "RECIST");

    [TestMethod]
    public void UnknownSomaticGeneIsNamed() =>
        Expect(r => r["omics"]!["somatic_mutations"]!["FOO1"] = true, "omics.somatic_mutations.FOO1", "unknown gene 'FOO1'");

    [TestMethod]
    public void UnknownExpressionGeneIsNamed() =>
        Expect(r => r["omics"]!["expression_log2_tpm"]!["BAR2"] = 1.0, "omics.expression_log2_tpm.BAR2", "unknown gene 'BAR2'");

    [TestMethod]
    public void UnknownRadiomicsFeatureIsNamed() =>
        Expect(r => r["imaging"]!["radiomics"]!["made_up"] = 1.0, "imaging.radiomics.made_up", "unknown radiomics feature");

    [TestMethod]
    public void EgfrAndKrasTogetherAreQueried() =>
        Expect(r => r["omics"]!["somatic_mutations"]!["KRAS"] = true, "omics.somatic_mutations", "mutually exclusive");

    [TestMethod]
    public void WearableSamplesOutOfOrderAreRejected() =>
        Expect(r => r["signals"]!["samples"]![2]!["timestamp"] = "2026-02-24T00:00:00+00:00", "signals.samples[2].timestamp", "time order");

    [TestMethod]
    public void CourseEndingBeforeItStartsIsRejected() =>
        Expect(r => r["history"]!["courses"] = new JsonArray(new JsonObject
        {
            ["regimen"] = "chemo_full", ["dose_fraction"] = 1.0, ["start"] = "2025-05-01T00:00:00+00:00", ["end"] = "2025-04-01T00:00:00+00:00",
        }), "history.courses[0].end", "before the course start");

    [TestMethod]
    public void UnknownRegimenIsRejected() =>
        Expect(r => r["history"]!["courses"] = new JsonArray(new JsonObject
        {
            ["regimen"] = "radiation", ["dose_fraction"] = 1.0, ["start"] = "2025-05-01T00:00:00+00:00",
        }), "history.courses[0].regimen", "unknown regimen 'radiation'");

    [TestMethod]
    public void EcogOutOfRangeIsRejected() =>
        Expect(r => r["clinical"]!["ecog"] = 7, "clinical.ecog", "maximum");

    [TestMethod]
    public void WrongTypeIsRejected() =>
        Expect(r => r["clinical"]!["age_years"] = "sixty", "clinical.age_years", "type");

    [TestMethod]
    public void MissingRequiredFieldIsNamed() =>
        Expect(r => r["clinical"]!.AsObject().Remove("sex"), "clinical", "sex");

    [TestMethod]
    public void UnknownPropertyIsRejected() =>
        Expect(r => r["labs"]!["potassium"] = 4.1, "labs.potassium", "unknown field");

    [TestMethod]
    public void BadTimestampIsRejected() =>
        Expect(r => r["labs"]!["collected_at"] = "yesterday", "labs.collected_at", "format");

    [TestMethod]
    public void ImagingYearsAfterLabsIsQueried() =>
        Expect(r => r["imaging"]!["acquired_at"] = "2029-01-01T00:00:00+00:00", "imaging.acquired_at", "more than a year");

    [TestMethod]
    public void OutcomeUnknownTreatmentIsRejected()
    {
        var record = JsonNode.Parse(File.ReadAllText(TestFiles.Example("outcome-observation.example.json")))!.AsObject();
        record["treatment_given"] = "surgery";
        record["labs"]!["anc_10e9_per_l"] = 2100;
        using var files = new TestFiles();
        var path = files.Write("outcomes.jsonl", record.ToJsonString() + "\n");
        var result = new JsonLinesLoader<OutcomeObservation>(OutcomeObservationContract.Instance).Load(path);
        Assert.AreEqual(0, result.Accepted.Count);
        CollectionAssert.AreEquivalent(new[] { "treatment_given", "labs.anc_10e9_per_l" }, result.Errors.Select(e => e.Field).ToArray(), string.Join("\n", result.Errors));
    }
}
