using DtSmdrl.Host.Hosting;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Tests.Jobs;

[TestClass]
public sealed class OptionsValidationTests
{
    private static void Validate(Dictionary<string, string?> settings)
    {
        using var host = DtSmdrlHostBuilder.Create(overrides: settings).Build();
        StoreAndJobsServices.ValidateAll(host.Services);
    }

    private static string Failure(Dictionary<string, string?> settings) =>
        Assert.ThrowsExactly<OptionsValidationException>(() => Validate(settings)).Message;

    [TestMethod]
    public void DefaultsAreValid() => Validate([]);

    [TestMethod]
    public void BadCronNamesTheJobAndTheExpression() =>
        StringAssert.Contains(Failure(new() { ["Jobs:Schedules:update-twins:Cron"] = "every hour" }), "Jobs:Schedules:update-twins:Cron: 'every hour' has 2 fields");

    [TestMethod]
    public void UnknownJobIsNamed() =>
        StringAssert.Contains(Failure(new() { ["Jobs:Schedules:reboot:Cron"] = "0 * * * *" }), "Jobs:Schedules:reboot: unknown job");

    [TestMethod]
    public void OutOfRangeValuesAreNamed()
    {
        StringAssert.Contains(Failure(new() { ["Jobs:LeaseSeconds"] = "0" }), "Jobs:LeaseSeconds");
        StringAssert.Contains(Failure(new() { ["Store:Provider"] = "oracle" }), "Store:Provider");
        StringAssert.Contains(Failure(new() { ["Engine:PromotionMargin"] = "2" }), "Engine:PromotionMargin");
        StringAssert.Contains(Failure(new() { ["Twin:Particles"] = "3" }), "Twin:Particles");
    }

    [TestMethod]
    public void VerbExitsWithAConfigurationErrorBeforeAnyWork()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-host-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "bad.json");
        var database = Path.Combine(folder, "never.db");
        File.WriteAllText(config, $$"""{ "Store": { "ConnectionString": "Data Source={{database}}" }, "Jobs": { "Schedules": { "retrain": { "Cron": "61 * * * *" } } } }""");
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            var code = DtSmdrl.Host.Cli.CommandLineApp.Build().Parse(["jobs", "list", "--config", config]).Invoke();
            Assert.AreEqual(2, code);
        }
        finally
        {
            Console.SetError(saved);
        }
        StringAssert.Contains(error.ToString(), "configuration error:");
        StringAssert.Contains(error.ToString(), "Jobs:Schedules:retrain:Cron");
        Assert.IsFalse(File.Exists(database), "no database was created: nothing ran");
        Directory.Delete(folder, true);
    }
}
