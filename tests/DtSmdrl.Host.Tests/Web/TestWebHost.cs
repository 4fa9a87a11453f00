using DtSmdrl.Host.Web;
using Microsoft.AspNetCore.Builder;

namespace DtSmdrl.Host.Tests.Web;

/// <summary>A started web host on a free loopback port, wired to a test database like <see cref="TestHost"/>.</summary>
public sealed class TestWebHost : IAsyncDisposable
{
    private TestWebHost(WebApplication app)
    {
        App = app;
        Address = DtSmdrlWebHost.BoundAddress(app);
        Client = new HttpClient { BaseAddress = Address };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<TestWebHost> StartAsync(TestDatabase db, Dictionary<string, string?>? extra = null, WebHostExtensions? extensions = null)
    {
        var settings = TestHost.Settings(db);
        settings["Web:Urls"] = "http://127.0.0.1:0";
        settings["Web:ForecastSamples"] = "40";
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        var app = DtSmdrlWebHost.Build(overrides: settings, extensions: extensions);
        DtSmdrlWebHost.ValidateAll(app);
        await app.StartAsync();
        return new TestWebHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
