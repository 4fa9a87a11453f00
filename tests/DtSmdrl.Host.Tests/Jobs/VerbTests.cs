using System.Text.Json.Nodes;
using DtSmdrl.Host.Cli;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Host.Tests.Jobs;

[TestClass]
public sealed class VerbTests
{
    private static (int Code, string Output) Invoke(params string[] args) => CliInvoker.Invoke(args);

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void PatientsImportFeedbackAndJobsListWorkFromTheCommandLine(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var config = Path.Combine(db.Folder, "config.json");
        File.WriteAllText(config, new JsonObject
        {
            ["Store"] = new JsonObject { ["Provider"] = provider, ["ConnectionString"] = db.ConnectionString },
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
        }.ToJsonString());
        var patients = new SyntheticCohortGenerator(new CohortOptions { Size = 3, Seed = 4 }).Generate().ToList();
        var records = Path.Combine(db.Folder, "patients.jsonl");
        using (var writer = new JsonLinesWriter<PatientRecord>(records))
            patients.ForEach(p => writer.Write(p.Observed));

        var (code, output) = Invoke("patients", "import", "--file", records, "--config", config);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "3 accepted, 0 rejected; 3 stored or updated");

        var outcomes = Path.Combine(db.Folder, "outcomes.jsonl");
        using (var writer = new JsonLinesWriter<OutcomeObservation>(outcomes))
            writer.Write(patients[0].Retrospective[1]);
        File.AppendAllText(outcomes, """{"patient_id":"P0000002","observed_at":"2024-01-29T09:00:00+00:00","cycle":1,"treatment_given":"radiation"}""" + "\n");
        (code, output) = Invoke("feedback", "--file", outcomes, "--config", config);
        Assert.AreEqual(3, code, output);
        StringAssert.Contains(output, "outcomes.jsonl:2 record P0000002 field treatment_given");
        StringAssert.Contains(output, "1 accepted, 1 rejected; 1 stored, 0 already stored");
        (code, output) = Invoke("feedback", "--file", outcomes, "--config", config);
        StringAssert.Contains(output, "0 stored, 1 already stored");
        Assert.AreEqual(1L, new ObservationStore(db.Database).Count());

        (code, output) = Invoke("jobs", "run", "update-twins", "--config", config);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "1 posterior versions written");
        (code, output) = Invoke("jobs", "run", "no-such-job", "--config", config);
        Assert.AreEqual(2, code);
        StringAssert.Contains(output, "unknown job 'no-such-job'");
        (code, output) = Invoke("jobs", "list", "--config", config);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "| update-twins | succeeded |");
        (code, output) = Invoke("recommend", "--patient", patients[0].Id, "--config", config);
        Assert.AreEqual(1, code, "no model trained yet");
        StringAssert.Contains(output, "dtsmdrl recommend: No promoted model in the store: run `dtsmdrl train --cohort DIR` first.");
    }
}
