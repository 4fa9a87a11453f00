using DtSmdrl.Pipeline.Data.Fhir;
using Hl7.Fhir.Model;

namespace DtSmdrl.Pipeline.Tests.Data.Fhir;

[TestClass]
public sealed class FhirMappingTests
{
    private static FhirImportResult Import(Bundle bundle)
    {
        using var files = new TestFiles();
        return new FhirPatientImport().Load(FhirTestBundles.Write(files, "bundle.json", bundle));
    }

    private static void SetQuantity(Observation o, decimal value, string unit) =>
        o.Value = new Quantity { Value = value, Code = unit, Unit = unit, System = FhirCodes.Ucum };

    [TestMethod]
    [DataRow("751-8", "4370", "/uL", 4.37)]
    [DataRow("751-8", "4.37", "10*3/uL", 4.37)]
    [DataRow("718-7", "119", "g/L", 11.9)]
    [DataRow("718-7", "7.385", "mmol/L", 11.897235)]
    [DataRow("2160-0", "73.4", "umol/L", 0.830129)]
    [DataRow("1975-2", "10.26", "umol/L", 0.599860)]
    [DataRow("1751-7", "38", "g/L", 3.8)]
    [DataRow("1742-6", "0.35", "ukat/L", 21.0)]
    [DataRow("777-3", "312000", "/mm3", 312.0)]
    public void LabUnitsAreConvertedToTheRecordUnit(string loinc, string value, string unit, double expected)
    {
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        SetQuantity(FhirTestBundles.Observation(bundle, loinc), decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), unit);

        var result = Import(bundle);

        Assert.AreEqual(0, result.Errors, string.Join("\n", result.Issues));
        var labs = result.Accepted.Single().Labs!;
        var actual = loinc switch
        {
            "751-8" => labs.Anc10e9PerL,
            "718-7" => labs.HemoglobinGPerDl,
            "2160-0" => labs.CreatinineMgPerDl,
            "1975-2" => labs.BilirubinMgPerDl,
            "1751-7" => labs.AlbuminGPerDl,
            "1742-6" => labs.AltUPerL,
            _ => labs.Platelets10e9PerL,
        };
        Assert.AreEqual(expected, actual!.Value, 1e-5);
    }

    [TestMethod]
    public void LesionInCentimetresAndSleepInMinutesAreConverted()
    {
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        SetQuantity(FhirTestBundles.Observation(bundle, FhirCodes.TumourLongestDiameterLoinc), 2.34m, "cm");
        var sample = FhirTestBundles.Observation(bundle, FhirCodes.WearableSample);
        sample.Component.First(c => c.Code.Coding[0].Code == FhirCodes.SleepDurationLoinc).Value = new Quantity { Value = 15, Code = "min", System = FhirCodes.Ucum };

        var record = Import(bundle).Accepted.Single();

        Assert.AreEqual(23.4, record.Imaging!.LesionDiametersMm[0], 1e-9);
        Assert.AreEqual(0.25, record.Signals!.Samples[0].SleepHours!.Value, 1e-9);
    }

    [TestMethod]
    public void AnUnknownUnitRejectsTheBundleWithEntryLineResourceAndElement()
    {
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        var anc = FhirTestBundles.Observation(bundle, "751-8");
        SetQuantity(anc, 4.37m, "mg/dL");

        var result = Import(bundle);

        Assert.AreEqual(0, result.Accepted.Count, "a bundle with an error stores nothing");
        Assert.AreEqual(1, result.RejectedBundles);
        var issue = result.Issues.Single(i => i.IsError);
        Assert.AreEqual(FhirTestBundles.EntryOf(bundle, anc), issue.Entry);
        Assert.AreEqual($"Observation/{anc.Id}", issue.Resource);
        Assert.AreEqual("P-full_1", issue.RecordId);
        Assert.AreEqual("Observation.valueQuantity.code", issue.Element);
        StringAssert.Contains(issue.Reason, "10*9/L");
        Assert.IsTrue(issue.Line > 1, "the line where the entry starts");
        StringAssert.Contains(issue.ToString(), $"bundle.json:{issue.Line} entry {issue.Entry} record P-full_1 Observation/{anc.Id} element Observation.valueQuantity.code: error:");
    }

    [TestMethod]
    public void AContractRuleFailureIsPlacedOnTheResourceTheFieldCameFrom()
    {
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        var lesion = bundle.Entry.Select(e => e.Resource).OfType<Observation>().Where(o => o.Code.Coding[0].Code == FhirCodes.TumourLongestDiameterLoinc).ElementAt(2);
        SetQuantity(lesion, 0.6m, "cm");   // 6 mm: not measurable as a RECIST target lesion

        var result = Import(bundle);

        var issue = result.Issues.Single(i => i.IsError);
        Assert.AreEqual("imaging.lesion_diameters_mm[2]", issue.Element);
        Assert.AreEqual(FhirTestBundles.EntryOf(bundle, lesion), issue.Entry);
        StringAssert.Contains(issue.Reason, "RECIST");
        Assert.AreEqual(0, result.Accepted.Count);
    }

    [TestMethod]
    public void AnUnknownRegimenFailsValidationOnTheAdministration()
    {
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        var course = bundle.Entry.Select(e => e.Resource).OfType<MedicationAdministration>().First();
        course.Medication = new CodeableConcept(FhirCodes.RegimenSystem, "radiotherapy");

        var issue = Import(bundle).Issues.Single(i => i.IsError);

        Assert.AreEqual("history.courses[0].regimen", issue.Element);
        Assert.AreEqual(FhirTestBundles.EntryOf(bundle, course), issue.Entry);
    }

    [TestMethod]
    public void UnmappedResourcesAreReportedAndDoNotRejectTheBundle()
    {
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        var subject = new ResourceReference(bundle.Entry[0].FullUrl);
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:7c0d1a2e-0000-4000-8000-000000000001", Resource = new Observation { Id = "bp", Status = ObservationStatus.Final, Code = new CodeableConcept(FhirCodes.Loinc, "85354-9"), Subject = subject } });
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = new MedicationRequest { Id = "order", Status = MedicationRequest.MedicationrequestStatus.Active, Intent = MedicationRequest.MedicationRequestIntent.Order, Subject = subject, Medication = new CodeableConcept(FhirCodes.RegimenSystem, "immuno") } });
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = new Encounter { Id = "visit", Status = Encounter.EncounterStatus.Finished, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB") } });

        var result = Import(bundle);

        Assert.AreEqual(0, result.Errors, string.Join("\n", result.Issues));
        Assert.AreEqual(1, result.Accepted.Count);
        CollectionAssert.AreEquivalent(new[] { "Observation/bp", "MedicationRequest/order", "Encounter/visit" }, result.Issues.Select(i => i.Resource).ToArray());
        Assert.IsTrue(result.Issues.All(i => i.ToString().Contains("not mapped", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void AlternativeCodesAreMapped()
    {
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        FhirTestBundles.Observation(bundle, "751-8").Code = new CodeableConcept(FhirCodes.Loinc, "26499-4");
        FhirTestBundles.Observation(bundle, FhirCodes.EcogLoinc).Value = new CodeableConcept(FhirCodes.Loinc, "LA9624-3");
        var condition = bundle.Entry.Select(e => e.Resource).OfType<Condition>().Single();
        condition.Code = new CodeableConcept(FhirCodes.Snomed, "59529006");
        condition.Stage[0].Summary = new CodeableConcept { Text = "Stage IIIB" };

        var record = Import(bundle).Accepted.Single();

        Assert.AreEqual(4.37, record.Labs!.Anc10e9PerL);
        Assert.AreEqual(2, record.Clinical!.Ecog);
        Assert.AreEqual("nsclc_squamous", record.Clinical.TumourType);
        Assert.AreEqual("IIIB", record.Clinical.Stage);
    }

    [TestMethod]
    public void TheLatestOfTwoValuesIsUsedAndTheOlderReported()
    {
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        var subject = new ResourceReference(bundle.Entry[0].FullUrl);
        var older = new Observation
        {
            Id = "anc-old", Status = ObservationStatus.Final, Code = new CodeableConcept(FhirCodes.Loinc, "751-8"), Subject = subject,
            Effective = new FhirDateTime(new DateTimeOffset(2024, 12, 1, 8, 0, 0, TimeSpan.Zero)),
            Value = new Quantity { Value = 1.1m, Code = "10*9/L", System = FhirCodes.Ucum },
        };
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = older });

        var result = Import(bundle);

        Assert.AreEqual(4.37, result.Accepted.Single().Labs!.Anc10e9PerL);
        Assert.AreEqual("Observation/anc-old", result.Issues.Single().Resource);
        StringAssert.Contains(result.Issues.Single().Reason, "latest value is used");
    }

    [TestMethod]
    public void AnIncompleteClinicalModalityIsLeftOutAndReported()
    {
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        bundle.Entry.RemoveAll(e => e.Resource is Condition);

        var result = Import(bundle);

        Assert.IsNull(result.Accepted.Single().Clinical);
        var issue = result.Issues.Single();
        Assert.IsFalse(issue.IsError);
        StringAssert.Contains(issue.Reason, "primary cancer (Condition)");
    }

    [TestMethod]
    public void AgeComesFromTheBirthDateWhenNoAgeObservationIsGiven()
    {
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        bundle.Entry.RemoveAll(e => e.Resource is Observation o && o.Code.Coding[0].Code == FhirCodes.AgeLoinc);
        ((Patient)bundle.Entry[0].Resource!).BirthDate = "1960-06-15";

        var record = Import(bundle).Accepted.Single();

        // Latest observation of the bundle: the labs, 2025-03-02: 64 full years.
        Assert.AreEqual(64, record.Clinical!.AgeYears);
    }

    [TestMethod]
    public void AnEntryTheSdkCannotParseRejectsTheBundleAtThatEntry()
    {
        using var files = new TestFiles();
        var bundle = FhirTestBundles.BundleOf(FhirTestBundles.Full());
        var anc = FhirTestBundles.Observation(bundle, "751-8");
        var index = FhirTestBundles.EntryOf(bundle, anc);
        var json = Hl7.Fhir.Serialization.PocoSerializationExtensions.ToJson(bundle, true).Replace($"\"id\": \"{anc.Id}\",\n        \"status\": \"final\"", $"\"id\": \"{anc.Id}\",\n        \"status\": \"finished-ish\"");
        Assert.IsTrue(json.Contains("finished-ish", StringComparison.Ordinal), "the test edit took");

        var result = new FhirPatientImport().Load(files.Write("bad.json", json));

        Assert.AreEqual(0, result.Accepted.Count);
        var issue = result.Issues.First(i => i.IsError);
        Assert.AreEqual(index, issue.Entry);
        StringAssert.Contains(issue.Element, "status");
    }

    [TestMethod]
    public void InvalidJsonAndANonBundleAreOneClearError()
    {
        using var files = new TestFiles();
        var broken = new FhirPatientImport().Load(files.Write("broken.json", "{\n  \"resourceType\": \"Bundle\",\n  \"entry\": [\n"));
        var patient = new FhirPatientImport().Load(files.Write("patient.json", "{\"resourceType\": \"Patient\", \"id\": \"x\"}"));

        StringAssert.Contains(broken.Issues.Single().ToString(), "invalid JSON");
        StringAssert.Contains(patient.Issues.Single().Reason, "expected a Bundle");
    }

    [TestMethod]
    public void AFolderKeepsTheGoodBundlesWhenOneIsBad()
    {
        using var files = new TestFiles();
        var good = FhirTestBundles.BundleOf(FhirTestBundles.Full("good"));
        var bad = FhirTestBundles.BundleOf(FhirTestBundles.Full("bad"));
        SetQuantity(FhirTestBundles.Observation(bad, "718-7"), 11.9m, "g/mL");
        var folder = Path.GetDirectoryName(FhirTestBundles.Write(files, "a-good.json", good))!;
        FhirTestBundles.Write(files, "b-bad.json", bad);

        var result = new FhirPatientImport().Load(folder);

        Assert.AreEqual(2, result.Bundles);
        Assert.AreEqual(1, result.RejectedBundles);
        Assert.AreEqual("good", result.Accepted.Single().PatientId);
        Assert.AreEqual("bad", result.Issues.Single().RecordId);
    }

    [TestMethod]
    public void AnUnknownUnitSpellingIsNotGuessed()
    {
        Assert.IsNull(UcumQuantity.Anc.ToCanonical(4, "cells/ul", out var reason));
        StringAssert.Contains(reason, "accepted: 10*9/L");
        Assert.IsNull(UcumQuantity.Egfr.ToCanonical(80, "mL/min", out _));
        Assert.AreEqual(4.0, UcumQuantity.Anc.ToCanonical(4000, "/uL", out _));
    }
}
