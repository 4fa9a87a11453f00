using System.Text;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Tests.Data;

/// <summary>Issue 17: inputs that used to bypass the schema or crash a loader.</summary>
[TestClass]
public sealed class InputHardeningTests
{
    private static readonly JsonLinesLoader<PatientRecord> Patients = new(PatientRecordContract.Instance);
    private static readonly JsonLinesLoader<OutcomeObservation> Outcomes = new(OutcomeObservationContract.Instance);

    private static string PatientLine(string id = "P1")
    {
        var node = JsonNode.Parse(File.ReadAllText(TestFiles.Example("patient-record.example.json")))!.AsObject();
        node["patient_id"] = id;
        return node.ToJsonString();
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.IsTrue(at >= 0, $"'{find}' must occur in the test line");
        return text[..at] + replace + text[(at + find.Length)..];
    }

    private static string OutcomeLine() => JsonNode.Parse(File.ReadAllText(TestFiles.Example("outcome-observation.example.json")))!.ToJsonString();

    [TestMethod]
    [DataRow("\"clinical\":{", "\"clinical\":{\"ecog\":9,", "clinical.ecog", "duplicate key 'ecog'")]
    [DataRow("\"patient_id\":\"P1\"", "\"patient_id\":\"P1\",\"patient_id\":\"bad id!\"", "patient_id", "duplicate key 'patient_id'")]
    [DataRow("\"labs\":{", "\"labs\":{\"creatinine_mg_per_dl\":1e9,", "labs.creatinine_mg_per_dl", "duplicate key")]
    public void ADuplicateKeyIsAnErrorNamingTheKey(string find, string replace, string field, string reason)
    {
        using var files = new TestFiles();
        var path = files.Write("p.jsonl", ReplaceFirst(PatientLine(), find, replace) + "\n" + PatientLine("P2") + "\n");
        var result = Patients.Load(path, new LoadOptions { DisplayName = "p.jsonl" });
        CollectionAssert.AreEqual(new[] { "P2" }, result.Accepted.Select(r => r.PatientId).ToArray());
        var error = result.Errors.Single();
        Assert.AreEqual(field, error.Field);
        StringAssert.Contains(error.Reason, reason);
        Assert.AreEqual(1L, error.Line);
    }

    [TestMethod]
    public void AnOutcomeWithADuplicatedCycleOrDoseIsRefused()
    {
        using var files = new TestFiles();
        var line = OutcomeLine();
        var path = files.Write("o.jsonl", ReplaceFirst(line, "\"cycle\":", "\"cycle\":-7,\"cycle\":") + "\n"
            + ReplaceFirst(line, "\"dose_fraction\":", "\"dose_fraction\":55,\"dose_fraction\":") + "\n");
        var result = Outcomes.Load(path);
        Assert.AreEqual(0, result.Accepted.Count, "both lines carry a duplicated key");
        Assert.AreEqual(2, result.Rejected);
    }

    [TestMethod]
    public void LoneSurrogatesAndNumbersBeyondADoubleAreRejectedCleanly()
    {
        using var files = new TestFiles();
        var good = PatientLine();
        var surrogate = ReplaceFirst(good, "\"patient_id\":\"P1\"", "\"patient_id\":\"P4\",\"note\":\"x\\ud800y\"");
        var key = ReplaceFirst(PatientLine("P5"), "{\"", "{\"\\udc00\":1,\"");
        var huge = ReplaceFirst(PatientLine("P3"), "\"age_years\":", "\"age_years\":1e400,\"x\":");
        var path = files.Write("p.jsonl", string.Join("\n", surrogate, key, huge, PatientLine("P2")) + "\n");
        var result = Patients.Load(path);
        CollectionAssert.AreEqual(new[] { "P2" }, result.Accepted.Select(r => r.PatientId).ToArray());
        Assert.AreEqual(3, result.Rejected);
        StringAssert.Contains(result.Errors[0].Reason, "lone UTF-16 surrogate");
        StringAssert.Contains(result.Errors[1].Reason, "lone UTF-16 surrogate");
        Assert.AreEqual("clinical.age_years", result.Errors[2].Field);
        StringAssert.Contains(result.Errors[2].Reason, "finite double");
    }

    [TestMethod]
    public void YearNineThousandNineHundredNinetyNineIsRejectedWithoutThrowing()
    {
        using var files = new TestFiles();
        string At(string observedAt)
        {
            var node = JsonNode.Parse(OutcomeLine())!;
            node["observed_at"] = observedAt;
            return node.ToJsonString();
        }
        var path = files.Write("o.jsonl", At("9999-12-31T23:59:59Z") + "\n" + At("9999-12-31T23:59:59-01:00") + "\n");
        var result = Outcomes.Load(path);
        Assert.AreEqual(0, result.Accepted.Count);
        Assert.AreEqual(2, result.Rejected);
        Assert.IsTrue(result.Errors.Any(e => e.Field == "observed_at" && e.Reason.Contains("plausible range", StringComparison.Ordinal)), string.Join("\n", result.Errors));
    }

    [TestMethod]
    public void PatientCsvRefusesShortAndLongRowsLikeTheOutcomeCsv()
    {
        using var files = new TestFiles();
        var header = "patient_id,clinical.age_years,clinical.sex,clinical.ecog,clinical.tumour_type,clinical.stage,clinical.prior_lines";
        var path = files.Write("p.csv", header + "\n"
            + "P1,64,female,1,nsclc_squamous,IV\n"
            + "P2,64,female,1,nsclc_squamous,IV,0,extra\n"
            + "P3,64,female,1,nsclc_squamous,IV,0\n");
        var result = new PatientCsv().Load(path);
        CollectionAssert.AreEqual(new[] { "P3" }, result.Accepted.Select(r => r.PatientId).ToArray(), string.Join("\n", result.Errors));
        Assert.AreEqual(2, result.Rejected);
        Assert.AreEqual("row has 6 cells but the header has 7 columns", result.Errors[0].Reason);
        Assert.AreEqual(2L, result.Errors[0].Line);
    }

    [TestMethod]
    public void CsvRefusesNaNInfinityAndOverflowLikeJsonl()
    {
        using var files = new TestFiles();
        var header = "patient_id,clinical.age_years,clinical.sex,clinical.ecog,clinical.tumour_type,clinical.stage,clinical.prior_lines";
        var path = files.Write("p.csv", header + "\n"
            + "P1,NaN,female,1,nsclc_squamous,IV,0\n"
            + "P2,Infinity,female,1,nsclc_squamous,IV,0\n"
            + "P3,1e400,female,1,nsclc_squamous,IV,0\n"
            + "P4,64,female,1e20,nsclc_squamous,IV,0\n"
            + "P5,64,female,1,nsclc_squamous,IV,0\n");
        var result = new PatientCsv().Load(path);
        CollectionAssert.AreEqual(new[] { "P5" }, result.Accepted.Select(r => r.PatientId).ToArray());
        Assert.AreEqual(4, result.Rejected);
        StringAssert.Contains(result.Errors[2].Reason, "finite double");

        var outcomes = files.Write("o.csv", "patient_id,observed_at,cycle,treatment_given,dose_fraction\n"
            + "P1,2026-02-01T00:00:00Z,1,chemo_full,NaN\nP1,2026-02-01T00:00:00Z,2,chemo_full,1e400\nP1,2026-02-22T00:00:00Z,3,chemo_full,1\n");
        var loaded = new OutcomeObservationCsv().Load(outcomes, "o.csv");
        Assert.AreEqual(1, loaded.Accepted.Count, string.Join("\n", loaded.Errors));
        Assert.AreEqual(2, loaded.Rejected);
    }

    [TestMethod]
    public void EveryLoaderRefusesTheSameFiles()
    {
        using var files = new TestFiles();
        var csv = "patient_id,clinical.age_years\nP1,60\n";
        var utf16Csv = files.WriteBytes("u16.csv", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(csv)).ToArray());
        var utf16NoMark = files.WriteBytes("u16nomark.csv", Encoding.Unicode.GetBytes(csv));
        var utf32 = files.WriteBytes("u32.jsonl", Encoding.UTF32.GetPreamble().Concat(Encoding.UTF32.GetBytes(PatientLine())).ToArray());
        var folder = Path.GetDirectoryName(utf16Csv)!;
        var bomOnly = files.WriteBytes("bom.csv", Encoding.UTF8.GetPreamble());

        string Fails(Action load) => Assert.ThrowsExactly<DataValidationException>(load).Error.Reason;
        StringAssert.Contains(Fails(() => new PatientCsv().Load(utf16Csv)), "UTF-16");
        StringAssert.Contains(Fails(() => new OutcomeObservationCsv().Load(utf16Csv, "u16.csv")), "UTF-16");
        StringAssert.Contains(Fails(() => Patients.Load(utf16Csv)), "UTF-16");
        StringAssert.Contains(Fails(() => Patients.Load(utf32)), "UTF-32");
        StringAssert.Contains(Fails(() => new PatientCsv().Load(utf16NoMark)), "NUL");
        StringAssert.Contains(Fails(() => new PatientCsv().Load(folder)), "is a directory");
        StringAssert.Contains(Fails(() => Outcomes.Load(folder)), "is a directory");
        StringAssert.Contains(Fails(() => new OutcomeObservationCsv().Load(Path.Combine(folder, "none.csv"), "none.csv")), "does not exist");
        StringAssert.Contains(Fails(() => new OutcomeObservationCsv().Load(bomOnly, "bom.csv")), "empty");
        StringAssert.Contains(Patients.Load(files.WriteBytes("nomark.jsonl", Encoding.Unicode.GetBytes(PatientLine() + "\n"))).Errors.First().Reason, "NUL");

        var withMark = files.WriteBytes("bom.jsonl", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(PatientLine() + "\n")).ToArray());
        Assert.AreEqual(1, Patients.Load(withMark).Accepted.Count, "a UTF-8 byte-order mark is accepted");
        var csvWithMark = files.WriteBytes("bom-ok.csv", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("patient_id\nP1\n")).ToArray());
        Assert.AreEqual(1, new PatientCsv().Load(csvWithMark).Accepted.Count, "and in CSV too");
    }

    [TestMethod]
    public void OutcomeCsvHeaderProblemsAreNamed()
    {
        using var files = new TestFiles();
        string Fails(string text) => Assert.ThrowsExactly<DataValidationException>(() => new OutcomeObservationCsv().Load(files.Write("o.csv", text), "o.csv")).Error.ToString();
        StringAssert.Contains(Fails("patient_id,observed_at,cycle,cycle,treatment_given\nP1,2026-01-01T00:00:00Z,1,1,hold\n"), "field cycle: column 'cycle' appears more than once");
        StringAssert.Contains(Fails("patient_id,cycle,treatment_given\nP1,1,hold\n"), "required column 'observed_at'");
        StringAssert.Contains(Fails("patient_id,observed_at,,cycle,treatment_given\nP1,2026-01-01T00:00:00Z,,1,hold\n"), "header column 3 has no name");
    }
}
