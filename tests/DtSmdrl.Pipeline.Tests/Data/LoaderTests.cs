using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Tests.Data;

[TestClass]
public sealed class LoaderTests
{
    private static readonly JsonLinesLoader<PatientRecord> Jsonl = new(PatientRecordContract.Instance);

    private static JsonObject Example(string id)
    {
        var node = JsonNode.Parse(File.ReadAllText(TestFiles.Example("patient-record.example.json")))!.AsObject();
        node["patient_id"] = id;
        return node;
    }

    private static string Lines(params JsonObject[] records) => string.Join("\n", records.Select(r => r.ToJsonString())) + "\n";

    [TestMethod]
    public void GoodRecordsAreKeptAndBadOnesReportedWithLineAndId()
    {
        var bad = Example("P2");
        bad["labs"]!["anc_10e9_per_l"] = 3000;
        var missing = Example("P4");
        missing.Remove("clinical");
        missing.Remove("omics");
        using var files = new TestFiles();
        var path = files.Write("p.jsonl", Lines(Example("P1"), bad, Example("P3"), missing) + "{\"patient_id\": \"P5\", \"clin");
        var result = Jsonl.Load(path, new LoadOptions { DisplayName = "p.jsonl" });
        CollectionAssert.AreEqual(new[] { "P1", "P3", "P4" }, result.Accepted.Select(r => r.PatientId).ToArray());
        Assert.IsNull(result.Accepted[2].Clinical, "a missing modality stays missing");
        Assert.AreEqual(2, result.Rejected);
        Assert.AreEqual("p.jsonl: 3 accepted, 2 rejected", result.Summary);
        StringAssert.StartsWith(result.Errors[0].ToString(), "p.jsonl:2 record P2 field labs.anc_10e9_per_l:");
        Assert.AreEqual(5L, result.Errors[1].Line);
        StringAssert.Contains(result.Errors[1].Reason, "truncated");
    }

    [TestMethod]
    public void FailFastStopsAtTheFirstBadRecord()
    {
        var bad = Example("P2");
        bad["clinical"]!["ecog"] = 9;
        using var files = new TestFiles();
        var path = files.Write("p.jsonl", Lines(Example("P1"), bad, Example("P3")));
        var error = Assert.ThrowsExactly<DataValidationException>(() => Jsonl.Load(path, new LoadOptions { Mode = LoadMode.FailFast }));
        Assert.AreEqual(2L, error.Error.Line);
        Assert.AreEqual("clinical.ecog", error.Error.Field);
    }

    [TestMethod]
    public void DuplicateIdsAreRejected()
    {
        using var files = new TestFiles();
        var path = files.Write("p.jsonl", Lines(Example("P1"), Example("P1")));
        var result = Jsonl.Load(path);
        Assert.AreEqual(1, result.Accepted.Count);
        StringAssert.Contains(result.Errors.Single().Reason, "duplicate patient id");
    }

    [TestMethod]
    public void FileLevelProblemsGetClearErrors()
    {
        using var files = new TestFiles();
        string Message(string path, LoadOptions? options = null) =>
            Assert.ThrowsExactly<DataValidationException>(() => Jsonl.Load(path, options)).Message;

        StringAssert.Contains(Message(files.Write("empty.jsonl", "")), "file is empty");
        StringAssert.Contains(Message(files.Write("blank.jsonl", "\n\n  \n")), "no records");
        StringAssert.Contains(Message(Path.Combine(Path.GetTempPath(), "no-such-dtsmdrl-file.jsonl")), "does not exist");
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Lines(Example("P1")))).ToArray();
        StringAssert.Contains(Message(files.WriteBytes("utf16.jsonl", utf16)), "UTF-16");
    }

    [TestMethod]
    public void BadEncodingAndHugeLinesAreRejectedPerLine()
    {
        using var files = new TestFiles();
        var latin1 = Encoding.Latin1.GetBytes(Lines(Example("P1")).Replace("Non-smoker", "Nichtraucher äöü"));
        var good = Encoding.UTF8.GetBytes(Lines(Example("P2")));
        var path = files.WriteBytes("mixed.jsonl", latin1.Concat(good).ToArray());
        var result = Jsonl.Load(path);
        CollectionAssert.AreEqual(new[] { "P2" }, result.Accepted.Select(r => r.PatientId).ToArray());
        StringAssert.Contains(result.Errors.Single().Reason, "not valid UTF-8");

        var huge = files.Write("huge.jsonl", new string('x', 5000) + "\n" + Lines(Example("P3")));
        var limited = Jsonl.Load(huge, new LoadOptions { MaxRecordBytes = 4096 });
        CollectionAssert.AreEqual(new[] { "P3" }, limited.Accepted.Select(r => r.PatientId).ToArray());
        StringAssert.Contains(limited.Errors.Single().Reason, "longer than the limit of 4096 bytes");
    }

    [TestMethod]
    public void CsvAndJsonlLoadersAgree()
    {
        var records = new[] { Example("P1"), Example("P2"), Example("P3") };
        records[1].Remove("signals");
        records[1].Remove("note");
        records[2]["imaging"] = null;
        records[2]["labs"]!.AsObject().Remove("ldh_u_per_l");
        using var files = new TestFiles();
        var jsonl = Jsonl.Load(files.Write("p.jsonl", Lines(records)));
        Assert.AreEqual(3, jsonl.Accepted.Count, string.Join("\n", jsonl.Errors));

        var csvText = new StringWriter();
        PatientCsv.Write(csvText, jsonl.Accepted);
        var csv = new PatientCsv().Load(files.Write("p.csv", csvText.ToString()));
        Assert.AreEqual(3, csv.Accepted.Count, string.Join("\n", csv.Errors));
        for (var i = 0; i < 3; i++)
        {
            var a = JsonSerializer.SerializeToNode(jsonl.Accepted[i], DtSmdrlJson.Options);
            var b = JsonSerializer.SerializeToNode(csv.Accepted[i], DtSmdrlJson.Options);
            Assert.IsTrue(JsonNode.DeepEquals(a, b), $"record {i} differs:\n{a}\n{b}");
        }
    }

    [TestMethod]
    public void CsvCellErrorsNameTheColumn()
    {
        using var files = new TestFiles();
        var header = "patient_id,clinical.age_years,clinical.sex,clinical.ecog,clinical.tumour_type,clinical.stage,clinical.prior_lines,labs.collected_at,labs.anc_10e9_per_l";
        var path = files.Write("p.csv", header + "\n"
            + "P1,64,female,1,nsclc_squamous,IV,0,2026-01-01T00:00:00Z,4.1\n"
            + "P2,sixty,male,1,nsclc_squamous,IV,0,2026-01-01T00:00:00Z,4.1\n"
            + "P3,70,male,1,nsclc_squamous,IV,0,2026-01-01T00:00:00Z,4100\n");
        var result = new PatientCsv().Load(path, new LoadOptions { DisplayName = "p.csv" });
        CollectionAssert.AreEqual(new[] { "P1" }, result.Accepted.Select(r => r.PatientId).ToArray());
        Assert.AreEqual("p.csv:3 record P2 field clinical.age_years: 'sixty' is not a number (use a dot as decimal separator; NaN and Infinity are not accepted)", result.Errors[0].ToString());
        Assert.AreEqual("labs.anc_10e9_per_l", result.Errors[1].Field);
        Assert.AreEqual(4L, result.Errors[1].Line);
    }

    [TestMethod]
    public void CsvHeaderProblemsAreNamed()
    {
        using var files = new TestFiles();
        var noId = Assert.ThrowsExactly<DataValidationException>(() => new PatientCsv().Load(files.Write("a.csv", "clinical.age_years\n60\n")));
        StringAssert.Contains(noId.Message, "required column 'patient_id'");
        var unknown = Assert.ThrowsExactly<DataValidationException>(() => new PatientCsv().Load(files.Write("b.csv", "patient_id,labs.potassium\nP1,4\n")));
        StringAssert.Contains(unknown.Message, "unknown column 'labs.potassium'");
        var noRows = Assert.ThrowsExactly<DataValidationException>(() => new PatientCsv().Load(files.Write("c.csv", "patient_id\n")));
        StringAssert.Contains(noRows.Message, "no rows");
    }
}

[TestClass]
public sealed class PatientDataViewTests
{
    [TestMethod]
    public void MissingValuesAreNaNAndPresenceFlagsAreSet()
    {
        var text = File.ReadAllText(TestFiles.Example("patient-record.example.json"));
        var full = System.Text.Json.JsonSerializer.Deserialize<PatientRecord>(text, DtSmdrlJson.Options)!;
        var sparse = full with { PatientId = "P2", Omics = null, Signals = null, Note = null };
        var ml = new Microsoft.ML.MLContext(1);
        var view = PatientDataView.Create(ml, [full, sparse]);
        var rows = ml.Data.CreateEnumerable<PatientFeatureRow>(view, reuseRowObject: false).ToList();
        Assert.AreEqual(2, rows.Count);
        Assert.AreEqual(4.8f, rows[0].Labs[0]);
        Assert.AreEqual(1f, rows[0].Mutations[Catalogs.SomaticGenes.ToList().IndexOf("EGFR")]);
        Assert.IsTrue(float.IsNaN(rows[0].Mutations[Catalogs.SomaticGenes.ToList().IndexOf("BRAF")]), "untested gene must be NaN");
        Assert.IsTrue(float.IsNaN(rows[0].Lesions[2]));
        Assert.AreEqual(3, rows[0].HeartRate.Length);
        CollectionAssert.AreEqual(new float[] { 1, 1, 1, 1, 1, 1, 1 }, rows[0].ModalityPresent);
        CollectionAssert.AreEqual(new float[] { 1, 1, 0, 1, 0, 1, 0 }, rows[1].ModalityPresent);
        Assert.IsTrue(rows[1].OmicsScalars.All(float.IsNaN));
    }
}
