using System.Net;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;
using DtSmdrl.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DtSmdrl.Host.Tests.Web;

[TestClass]
public sealed class WebHostTests
{
    [TestMethod]
    public async Task HealthLiveAnswersAndReadyNeedsAPromotedModel()
    {
        using var db = TestDatabase.Create("sqlite");
        await using var web = await TestWebHost.StartAsync(db);
        Assert.AreEqual("127.0.0.1", web.Address.Host, "tests bind loopback");

        var live = await web.Client.GetAsync("/health/live");
        Assert.AreEqual(HttpStatusCode.OK, live.StatusCode);
        var notReady = await web.Client.GetAsync("/health/ready");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        StringAssert.Contains(await notReady.Content.ReadAsStringAsync(), "no promoted model");

        db.Database.Write(t => ModelStore.Register(t, "supervised-twin", "m.zip", "abc", "{}", "{}", ModelStatus.Promoted, null, 1));
        var ready = await web.Client.GetAsync("/health/ready");
        Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode);
        StringAssert.Contains(await ready.Content.ReadAsStringAsync(), "model v1");
    }

    [TestMethod]
    public async Task ExtraEndpointsAreMappedOnTheSameHost()
    {
        using var db = TestDatabase.Create("sqlite");
        var extensions = new WebHostExtensions { Endpoints = e => e.MapGet("/extra", () => Results.Text("extra endpoint")) };
        await using var web = await TestWebHost.StartAsync(db, extensions: extensions);
        Assert.AreEqual("extra endpoint", await web.Client.GetStringAsync("/extra"));
    }

    [TestMethod]
    public async Task WithJobsRunsTheSchedulerInTheSameProcess()
    {
        using var db = TestDatabase.Create("sqlite");
        await using (var alone = await TestWebHost.StartAsync(db))
            Assert.IsFalse(alone.App.Services.GetServices<IHostedService>().OfType<JobScheduler>().Any(), "serve alone runs no scheduler");
        await using var both = await TestWebHost.StartAsync(db, extensions: new WebHostExtensions { WithJobs = true });
        Assert.IsTrue(both.App.Services.GetServices<IHostedService>().OfType<JobScheduler>().Any());
        Assert.AreEqual(HttpStatusCode.OK, (await both.Client.GetAsync("/health/live")).StatusCode);
    }

    [TestMethod]
    public void ServeRefusesABadListenAddressBeforeStarting()
    {
        var (code, output) = CliInvoker.Invoke("serve", "--urls", "127.0.0.1:5080");
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output, "configuration error:");
        StringAssert.Contains(output, "Web:Urls");
    }

    [TestMethod]
    public void DefaultBindIsLoopback()
    {
        var urls = new DtSmdrl.Host.Options.WebOptions().Urls;
        Assert.IsTrue(new Uri(urls).IsLoopback, urls);
    }
}
