using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Storage;
using Orleans.Storage;

namespace DtSmdrl.Host.Tests.Cluster;

/// <summary>The grain storage on the DtSmdrl store: round trip, ETag checks, clear, per service id; on both stores.</summary>
[TestClass]
public sealed class StoreGrainStorageTests
{
    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public async Task StateRoundTripsAndAStaleETagIsRefused(string provider)
    {
        using var db = TestDatabase.Create(provider);
        Migrator.Apply(db.Database);
        var storage = new StoreGrainStorage(db.Database, "service-a");
        var grain = GrainId.Create("dtsmdrl.patient-twin", "default/P0001");

        var empty = new GrainState<PatientTwinState>();
        await storage.ReadStateAsync("twin", grain, empty);
        Assert.IsFalse(empty.RecordExists);
        Assert.IsNull(empty.State!.PosteriorVersion);

        var recommendation = new StoredRecommendation(7, "P0001", 1, "batch", 1, 2, "[]", "[]", 0.4, 0.1, 0.2, 0.8, "{}", "abc");
        var written = new GrainState<PatientTwinState> { State = new PatientTwinState(2, [3, 5], recommendation) };
        await storage.WriteStateAsync("twin", grain, written);
        Assert.AreEqual("1", written.ETag);

        var read = new GrainState<PatientTwinState>();
        await storage.ReadStateAsync("twin", grain, read);
        Assert.IsTrue(read.RecordExists);
        Assert.AreEqual((2, recommendation), (read.State!.PosteriorVersion, read.State.Recommendation));
        CollectionAssert.AreEqual(new long[] { 3, 5 }, read.State.ObservationIds);

        read.State = read.State with { PosteriorVersion = 3 };
        await storage.WriteStateAsync("twin", grain, read);
        Assert.AreEqual("2", read.ETag);
        // The first writer's ETag is stale now: a second activation of the same grain cannot overwrite silently.
        await Assert.ThrowsExactlyAsync<InconsistentStateException>(() => storage.WriteStateAsync("twin", grain, written));
        await Assert.ThrowsExactlyAsync<InconsistentStateException>(() => storage.ClearStateAsync("twin", grain, written));
        await Assert.ThrowsExactlyAsync<InconsistentStateException>(() => storage.WriteStateAsync("twin", grain, new GrainState<PatientTwinState>()));

        var other = new GrainState<PatientTwinState>();
        await new StoreGrainStorage(db.Database, "service-b").ReadStateAsync("twin", grain, other);
        Assert.IsFalse(other.RecordExists, "state is kept per service id");

        await storage.ClearStateAsync("twin", grain, read);
        Assert.IsFalse(read.RecordExists);
        var cleared = new GrainState<PatientTwinState>();
        await storage.ReadStateAsync("twin", grain, cleared);
        Assert.IsFalse(cleared.RecordExists);
    }
}
