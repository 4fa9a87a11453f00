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
        Assert.IsTrue(leases.TryAcquire("retrain", "a", "token-a", ttl));
        Assert.IsFalse(leases.TryAcquire("retrain", "b", "token-b", ttl), "held by a");
        Assert.IsTrue(leases.TryAcquire("update-twins", "b", "token-b", ttl), "leases are per job");
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.IsTrue(leases.Renew("retrain", "token-a", ttl));
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.IsFalse(leases.TryAcquire("retrain", "b", "token-b", ttl), "renewed: still a's");
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.IsTrue(leases.TryAcquire("retrain", "b", "token-b", ttl), "a stopped renewing (killed): b takes over after expiry");
        Assert.IsFalse(leases.Renew("retrain", "token-a", ttl), "a learns it lost the lease");
        leases.Release("retrain", "token-a");
        Assert.AreEqual("b", leases.Holder("retrain")!.Value.Owner, "a cannot release b's lease");
        leases.Release("retrain", "token-b");
        Assert.IsNull(leases.Holder("retrain"));
    }

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void TwoRunsWithTheSameInstanceNameCannotBothHoldTheLease(string provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
        using var db = TestDatabase.Create(provider, clock);
        Migrator.Apply(db.Database);
        var leases = new JobLeaseStore(db.Database);
        var ttl = TimeSpan.FromSeconds(60);
        string first = JobLeaseStore.NewToken(), second = JobLeaseStore.NewToken();
        Assert.AreNotEqual(first, second, "a fresh token per run");
        Assert.IsTrue(leases.TryAcquire("recommend-batch", "ward-a", first, ttl));
        Assert.IsFalse(leases.TryAcquire("recommend-batch", "ward-a", second, ttl), "the same instance name does not share the lease");
        Assert.IsFalse(leases.Renew("recommend-batch", second, ttl), "the second run cannot renew a lease it never held");
        leases.Release("recommend-batch", second);
        Assert.IsTrue(leases.Renew("recommend-batch", first, ttl), "the second run's release left the first run's lease alone");
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.IsTrue(leases.TryAcquire("recommend-batch", "ward-a", second, ttl), "after expiry the second run takes over");
        Assert.IsFalse(leases.Renew("recommend-batch", first, ttl), "and the first learns it lost it, although its instance name matches");
    }
}
