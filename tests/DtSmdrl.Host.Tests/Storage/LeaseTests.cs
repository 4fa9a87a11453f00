using DtSmdrl.Host.Storage;

namespace DtSmdrl.Host.Tests.Storage;

[TestClass]
public sealed class LeaseTests
{
    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void OneOwnerAtATimeAndExpiredLeasesAreTakenOver(string provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
        using var db = TestDatabase.Create(provider, clock);
        Migrator.Apply(db.Database);
        var leases = new JobLeaseStore(db.Database);
        var ttl = TimeSpan.FromSeconds(60);
        Assert.IsTrue(leases.TryAcquire("retrain", "a", ttl));
        Assert.IsFalse(leases.TryAcquire("retrain", "b", ttl), "held by a");
        Assert.IsTrue(leases.TryAcquire("update-twins", "b", ttl), "leases are per job");
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.IsTrue(leases.Renew("retrain", "a", ttl));
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.IsFalse(leases.TryAcquire("retrain", "b", ttl), "renewed: still a's");
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.IsTrue(leases.TryAcquire("retrain", "b", ttl), "a stopped renewing (killed): b takes over after expiry");
        Assert.IsFalse(leases.Renew("retrain", "a", ttl), "a learns it lost the lease");
        leases.Release("retrain", "a");
        Assert.AreEqual("b", leases.Holder("retrain")!.Value.Owner, "a cannot release b's lease");
        leases.Release("retrain", "b");
        Assert.IsNull(leases.Holder("retrain"));
    }
}
