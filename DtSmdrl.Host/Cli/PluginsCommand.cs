using System.CommandLine;
using System.Text.Json;
using DtSmdrl.Host.Hosting;
using DtSmdrl.Plugins.Loading;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Cli;

/// <summary>`dtsmdrl plugins list`: every plugin discovery registered or refused, with the reason.</summary>
public static class PluginsCommand
{
    public static Command Create()
    {
        var command = new Command("plugins", "Safety, causal and explainer plugins");
        command.Subcommands.Add(List());
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print the rows as JSON" };
        var command = new Command("list", "Show kind, name, version, contract version, source and status of every plugin (built-in and from Plugins:Folders)") { json };
        command.SetAction(async (parse, cancel) =>
        {
            using var host = DtSmdrlHostBuilder.Create(parse.GetValue(CommandLineApp.ConfigOption)).Build();
            await host.StartAsync(cancel);
            var registry = host.Services.GetRequiredService<PluginRegistry>();
            if (parse.GetValue(json)) WriteJson(Console.Out, registry);
            else WriteTable(Console.Out, registry);
            await host.StopAsync(cancel);
            return 0;
        });
        return command;
    }

    internal static void WriteTable(TextWriter output, PluginRegistry registry)
    {
        string[] header = ["kind", "contract", "name", "plugin", "version", "contract version", "source", "status"];
        var rows = registry.Entries
            .Select(e => new[] { e.Kind, e.Contract, e.Name, e.Plugin, e.Version, e.ContractVersion, e.Source, e.Status })
            .ToList();
        // The status (with its reason) is last and left unpadded so long reasons do not widen the table.
        var widths = Enumerable.Range(0, header.Length - 1).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Take(widths.Length).Select((cell, c) => cell.PadRight(widths[c]))) + "  " + cells[^1];
        output.WriteLine(Line(header));
        foreach (var row in rows)
            output.WriteLine(Line(row));
        output.WriteLine($"{registry.Entries.Count(e => e.Loaded)} loaded, {registry.Entries.Count(e => !e.Loaded)} refused");
    }

    internal static void WriteJson(TextWriter output, PluginRegistry registry)
    {
        var rows = registry.Entries.Select(e => new
        {
            kind = e.Kind,
            contract = e.Contract,
            name = e.Name,
            key = e.Loaded ? e.Key : null,
            plugin = e.Plugin,
            version = e.Version,
            contractVersion = e.ContractVersion,
            source = e.Source,
            status = e.Loaded ? "loaded" : "refused",
            reason = e.Reason,
        });
        output.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
    }
}
