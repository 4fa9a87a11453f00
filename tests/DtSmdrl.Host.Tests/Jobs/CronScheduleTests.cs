using DtSmdrl.Host.Jobs;

namespace DtSmdrl.Host.Tests.Jobs;

[TestClass]
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 1, 30, 0, TimeSpan.Zero); // a Friday

    [TestMethod]
    public void NextRunsOfCommonSchedules()
    {
        Assert.AreEqual(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero), CronSchedule.Parse("0 * * * *").Next(Start));
        Assert.AreEqual(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero), CronSchedule.Parse("0 1 * * *").Next(Start), "tomorrow when today's time has passed");
        Assert.AreEqual(new DateTimeOffset(2026, 11, 27, 3, 15, 0, TimeSpan.Zero), CronSchedule.Parse("15 3 * * *").Next(Start));
        Assert.AreEqual(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), CronSchedule.Parse("0 0 * * MON").Next(Start), "next Monday");
        Assert.AreEqual(new DateTimeOffset(2026, 11, 27, 1, 30, 10, TimeSpan.Zero), CronSchedule.Parse("*/10 * * * * *").Next(Start), "six fields: seconds first");
        Assert.AreEqual(new DateTimeOffset(2026, 11, 27, 1, 45, 0, TimeSpan.Zero), CronSchedule.Parse("*/15 * * * *").Next(Start), "strictly after the given time");
    }

    [TestMethod]
    public void BadExpressionsFailWithTheExpressionNamed()
    {
        var fields = Assert.ThrowsExactly<FormatException>(() => CronSchedule.Parse("0 0 *"));
        StringAssert.Contains(fields.Message, "'0 0 *' has 3 fields");
        var range = Assert.ThrowsExactly<FormatException>(() => CronSchedule.Parse("61 * * * *"));
        StringAssert.Contains(range.Message, "'61 * * * *' is not a valid cron expression");
        Assert.ThrowsExactly<FormatException>(() => CronSchedule.Parse(" "));
    }
}
