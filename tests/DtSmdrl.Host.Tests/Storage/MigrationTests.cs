using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Host.Tests.Storage;

[TestClass]
public sealed class MigrationTests
{
    private static readonly string[] AllTables =
        ["failed_items", "grain_state", "ingested_files", "job_leases", "job_runs", "models", "observations", "patients", "recommendation_decisions", "recommendations", "schema_migrations", "twin_posteriors"];

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void EmptyDatabaseMigratesToLatest(string provider)
    {
        using var db = TestDatabase.Create(provider);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5 }, Migrator.Apply(db.Database).ToArray());
        Assert.AreEqual(SchemaMigrations.Latest, Migrator.CurrentVersion(db.Database));
        var tables = db.Database.Read(c => Migrator.Tables(c, db.Database.Dialect));
        CollectionAssert.AreEquivalent(AllTables, tables.ToArray());
        Assert.AreEqual(0, Migrator.Apply(db.Database).Count, "a second start applies nothing");
    }

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void PreviousVersionMigratesAndKeepsData(string provider)
    {
        using var db = TestDatabase.Create(provider);
        CollectionAssert.AreEqual(new[] { 1 }, Migrator.Apply(db.Database, upTo: 1).ToArray());
        var tables = db.Database.Read(c => Migrator.Tables(c, db.Database.Dialect));
        CollectionAssert.DoesNotContain(tables.ToArray(), "job_leases");
        db.Database.Write(t => PatientStore.Upsert(t, new PatientRecord { PatientId = "P1" }, 1));
        Assert.AreEqual(ObservationInsert.Inserted, db.Database.Write(t => ObservationStore.Insert(t, Observation("P1", 1), "test", 1)));

        CollectionAssert.AreEqual(new[] { 2, 3, 4, 5 }, Migrator.Apply(db.Database).ToArray());
        Assert.AreEqual(1L, new ObservationStore(db.Database).Count(), "version 1 data survives");
        Assert.IsTrue(new JobLeaseStore(db.Database).TryAcquire("update-twins", "a", JobLeaseStore.NewToken(), TimeSpan.FromMinutes(1)), "version 2 tables work");
    }

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void RecommendationsAreAppendOnly(string provider)
    {
        using var db = TestDatabase.Create(provider);
        Migrator.Apply(db.Database);
        var id = db.Database.Write(t => RecommendationStore.Append(t, new StoredRecommendation(
            0, "P1", 1, "cli", 1, null, "[]", "{}", 0.4, 0.1, 0.2, 0.8, "{}", "abc")));
        Assert.IsGreaterThan(0L, id);
        Assert.ThrowsExactly<AggregateException>(() => Try(() => db.Database.Write(t => t.Execute("UPDATE recommendations SET confidence = 1"))));
        Assert.ThrowsExactly<AggregateException>(() => Try(() => db.Database.Write(t => t.Execute("DELETE FROM recommendations"))));
        Assert.AreEqual(1L, new RecommendationStore(db.Database).Count());
    }

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void DecisionsAreAppendOnlyAndListedPerPatient(string provider)
    {
        using var db = TestDatabase.Create(provider);
        Migrator.Apply(db.Database);
        var recommendation = db.Database.Write(t => RecommendationStore.Append(t, new StoredRecommendation(
            0, "P1", 1, "cli", 1, null, "[]", "{}", 0.4, 0.1, 0.2, 0.8, "{}", "abc")));
        var store = new RecommendationDecisionStore(db.Database);
        store.Append(new StoredDecision(0, recommendation, "P1", DecisionKind.Accepted, "  as planned ", null, DecisionSource.ClinicianPage, null, "dr-a", 10));
        store.Append(new StoredDecision(0, recommendation, "P1", DecisionKind.Overridden, "patient preference", "[\"hold\"]",
            DecisionSource.CdsHooks, "card-1", null, 20));
        Assert.ThrowsExactly<ArgumentException>(() => store.Append(new StoredDecision(0, recommendation, "P1", "maybe", "x", null, DecisionSource.ClinicianPage, null, null, 30)));
        Assert.ThrowsExactly<ArgumentException>(() => store.Append(new StoredDecision(0, recommendation, "P1", DecisionKind.Accepted, " ", null, DecisionSource.ClinicianPage, null, null, 30)));

        var listed = store.ListForPatient("P1");
        Assert.HasCount(2, listed);
        Assert.AreEqual("as planned", listed[0].Reason);
        Assert.AreEqual("[\"hold\"]", listed[1].ChosenPlanJson);
        Assert.AreEqual("card-1", listed[1].CardUuid);
        Assert.IsEmpty(store.ListForPatient("P2"));
        Assert.ThrowsExactly<AggregateException>(() => Try(() => db.Database.Write(t => t.Execute("UPDATE recommendation_decisions SET reason = 'x'"))));
        Assert.ThrowsExactly<AggregateException>(() => Try(() => db.Database.Write(t => t.Execute("DELETE FROM recommendation_decisions"))));
        Assert.ThrowsExactly<Exception>(() => FailsAsDbError(() => store.Append(new StoredDecision(0, recommendation + 99, "P1", DecisionKind.Accepted, "x",
            null, DecisionSource.ClinicianPage, null, null, 40))), "a decision must refer to a stored recommendation");
        Assert.AreEqual(2L, store.Count());
    }

    private static void FailsAsDbError(Action action)
    {
        try
        {
            action();
        }
        catch (System.Data.Common.DbException e)
        {
            throw new Exception(e.Message);
        }
    }

    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e.Message.Contains("append-only", StringComparison.Ordinal))
        {
            throw new AggregateException(e);
        }
    }

    internal static OutcomeObservation Observation(string patient, int cycle, double anc = 2.5, double[]? lesions = null) => new()
    {
        PatientId = patient,
        ObservedAt = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(21 * cycle),
        Cycle = cycle,
        LesionDiametersMm = lesions,
        Labs = new LabPanel { CollectedAt = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero).AddDays(21 * cycle), Anc10e9PerL = anc },
        TreatmentGiven = cycle == 0 ? "hold" : "chemo_full",
    };
}
