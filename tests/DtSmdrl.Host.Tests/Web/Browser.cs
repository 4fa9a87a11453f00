using Microsoft.Playwright;

namespace DtSmdrl.Host.Tests.Web;

/// <summary>
/// Debian's chromium driven by Playwright through ExecutablePath (never a downloaded browser). Outside CI a machine
/// without /usr/bin/chromium skips the browser tests with the reason; under CI=true a missing chromium fails them.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright playwright;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Chromium = browser;
    }

    public IBrowser Chromium { get; }

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            var reason = $"{ChromiumPath} is missing: install Debian's chromium package (`apt-get install -y chromium`, as .ci/run does).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(reason);
            Assert.Inconclusive(reason);
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = Args });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh page (1280 px wide, as a clinic workstation) on the app.</summary>
    public async Task<IPage> PageAsync(Uri baseAddress)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-GB",
        });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        playwright.Dispose();
    }
}
