using DtSmdrl.Host.Hosting;
using Microsoft.Extensions.Hosting;

namespace DtSmdrl.Host.Tests;

/// <summary>A host wired to a test database, with the test's folders and extra settings.</summary>
public static class TestHost
{
    public static IHost Create(TestDatabase db, Dictionary<string, string?>? extra = null)
    {
        var settings = Settings(db);
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        return DtSmdrlHostBuilder.Create(overrides: settings).Build();
    }

    /// <summary>The test settings: the database, the test's folders, a small particle filter, quiet logs.</summary>
    public static Dictionary<string, string?> Settings(TestDatabase db)
    {
        var settings = db.Settings;
        settings["Ingest:DropFolder"] = Path.Combine(db.Folder, "inbox");
        settings["Engine:ModelFolder"] = Path.Combine(db.Folder, "models");
        settings["Jobs:HealthFile"] = Path.Combine(db.Folder, "jobs.health");
        settings["Twin:Particles"] = "64";
        settings["Twin:MoveSweeps"] = "1";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }
}
