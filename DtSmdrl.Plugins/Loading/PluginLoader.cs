using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace DtSmdrl.Plugins.Loading;

/// <summary>
/// Discovers plugins: first the built-ins (the DtSmdrl.Plugins assembly, no manifest or hash), then every plugin
/// folder under <see cref="PluginOptions.Folders"/>, through one registration path. An external plugin loads only
/// when its manifest parses, its name is in <see cref="PluginOptions.Allowed"/>, its contract version is compatible,
/// and its folder passes <see cref="VerifiedPluginFiles.Verify"/> (no link out of the folder, every code file pinned
/// by SHA-256 in the operator's configuration); it then gets its own <see cref="PluginLoadContext"/>, which loads the
/// verified bytes. No plugin code (module initialiser, static or instance constructor) runs before all of that.
/// Every public, non-abstract class with a public parameterless constructor that implements a contract is created
/// once and registered under its <c>Name</c> per contract. Whatever fails (a bad manifest, a tampered file, a
/// constructor or Name that throws, a duplicate name) is refused with its reason and logged; nothing a plugin does
/// stops discovery.
/// </summary>
public sealed class PluginLoader
{
    /// <summary>The <see cref="PluginEntry.Plugin"/> name of the built-in plugins.</summary>
    public const string BuiltInPlugin = "built-in";

    private readonly PluginOptions options;
    private readonly ILogger logger;
    private readonly string baseDirectory;

    /// <summary>A loader; relative folders are taken from <paramref name="baseDirectory"/> (default: the application's base directory).</summary>
    public PluginLoader(PluginOptions options, ILogger logger, string? baseDirectory = null)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        this.baseDirectory = baseDirectory ?? AppContext.BaseDirectory;
        var invalid = new PluginOptionsValidator().Validate(null, options);
        if (invalid.Failed)
            throw new ArgumentException(invalid.FailureMessage);
    }

    /// <summary>Runs discovery and returns the registry of everything loaded and refused.</summary>
    public PluginRegistry Load()
    {
        var entries = new List<PluginEntry>();
        if (options.BuiltIn)
        {
            var assembly = typeof(PluginsAssembly).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                ?? assembly.GetName().Version?.ToString() ?? "0";
            RegisterAssembly(assembly, BuiltInPlugin, version, contractVersion: null, PluginEntry.BuiltInSource, entries);
        }
        foreach (var folder in PluginFolders(entries))
            LoadFolder(folder, entries);
        logger.LogInformation("Plugin discovery: {Loaded} registered, {Refused} refused", entries.Count(e => e.Loaded), entries.Count(e => !e.Loaded));
        return new PluginRegistry(entries);
    }

    private IEnumerable<string> PluginFolders(List<PluginEntry> entries)
    {
        foreach (var configured in options.Folders)
        {
            var root = Path.GetFullPath(configured, baseDirectory);
            if (!Directory.Exists(root))
            {
                Refuse(entries, Path.GetFileName(root), root, "-", "plugin folder does not exist");
                continue;
            }
            if (File.Exists(Path.Combine(root, PluginManifest.FileName)))
            {
                yield return root;
                continue;
            }
            foreach (var sub in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(sub, PluginManifest.FileName)))
                    yield return sub;
            }
        }
    }

    private void LoadFolder(string folder, List<PluginEntry> entries)
    {
        PluginManifest manifest;
        try
        {
            manifest = PluginManifest.Read(Path.Combine(folder, PluginManifest.FileName));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Refuse(entries, Path.GetFileName(folder), folder, "-", e.Message);
            return;
        }

        string? reason = null;
        var pin = options.Allowed.FirstOrDefault(a => a.Name == manifest.Name);
        VerifiedPluginFiles? files = null;
        if (pin is null)
            reason = $"'{manifest.Name}' is not in {PluginOptions.Section}:Allowed";
        else if (ContractVersions.Incompatibility(manifest.ContractVersion, PluginsAssembly.ContractVersion) is { } incompatible)
            reason = incompatible;
        else if (entries.Any(e => e.Plugin == manifest.Name && e.Loaded))
            reason = $"a plugin named '{manifest.Name}' is already loaded";
        else
        {
            try
            {
                reason = VerifiedPluginFiles.Verify(folder, manifest, pin, out files);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reason = $"the plugin folder could not be checked: {e.Message}";
            }
        }
        if (reason is not null)
        {
            Refuse(entries, manifest.Name, folder, manifest.Version, reason, manifest.ContractVersion);
            return;
        }

        Assembly assembly;
        try
        {
            var assemblyPath = Path.Combine(files!.Folder, manifest.Assembly);
            assembly = new PluginLoadContext(manifest.Name, assemblyPath, files).LoadMain();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
        {
            Refuse(entries, manifest.Name, folder, manifest.Version, $"assembly could not be loaded: {e.Message}", manifest.ContractVersion);
            return;
        }
        RegisterAssembly(assembly, manifest.Name, manifest.Version, manifest.ContractVersion, folder, entries);
    }

    /// <summary>The one registration path of built-in and external plugins.</summary>
    private void RegisterAssembly(Assembly assembly, string plugin, string version, string? contractVersion, string source, List<PluginEntry> entries)
    {
        Type[] types;
        try
        {
            // Eager probe: a plugin whose types cannot all load is refused as a whole, now rather than at first use.
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
            Refuse(entries, plugin, source, version, $"its types could not be loaded: {first}", contractVersion ?? "-");
            return;
        }

        var candidates = types
            .Where(t => t.IsClass && t.IsPublic && !t.IsAbstract && !t.ContainsGenericParameters)
            .Select(t => (Type: t, Contracts: PluginContracts.ImplementedBy(t)))
            .Where(c => c.Contracts.Count > 0)
            .OrderBy(c => c.Type.FullName, StringComparer.Ordinal)
            .ToArray();
        if (candidates.Length == 0)
        {
            Refuse(entries, plugin, source, version,
                "no public class implements a plugin contract (a plugin must reference DtSmdrl.Plugins with Private=false, not ship its own copy)",
                contractVersion ?? "-");
            return;
        }

        foreach (var (type, contracts) in candidates)
        {
            var (instance, name, failure) = Create(type, contracts[0]);
            foreach (var contract in contracts)
            {
                var attribute = PluginContracts.ContractOf(contract)!;
                var entryVersion = contractVersion ?? attribute.Version;
                var reason = failure;
                if (reason is null && entries.FirstOrDefault(e => e.Loaded && e.Contract == contract.Name && e.Name == name) is { } taken)
                    reason = $"{contract.Name} '{name}' is already registered by plugin '{taken.Plugin}'";
                var entry = new PluginEntry(plugin, attribute.Kind, contract.Name, name, version, entryVersion, source, reason is null, reason, reason is null ? instance : null);
                entries.Add(entry);
                if (reason is null)
                    logger.LogInformation("Plugin {Plugin} {Version}: registered {Kind} {Contract} '{Name}' ({Type}) from {Source}",
                        plugin, version, attribute.Kind, contract.Name, name, type.FullName, source);
                else
                    logger.LogWarning("Plugin {Plugin} {Version}: refused {Kind} {Contract} '{Name}' ({Type}) from {Source}: {Reason}",
                        plugin, version, attribute.Kind, contract.Name, name, type.FullName, source, reason);
            }
        }
    }

    /// <summary>Creates a plugin type and reads its Name; a throwing plugin gives a failure, never an exception.</summary>
    private static (object? Instance, string Name, string? Failure) Create(Type type, Type contract)
    {
        if (type.GetConstructor(Type.EmptyTypes) is not { } constructor)
            return (null, type.Name, "no public parameterless constructor");
        object instance;
        try
        {
            instance = constructor.Invoke(null);
        }
        catch (TargetInvocationException e)
        {
            var inner = e.InnerException ?? e;
            return (null, type.Name, $"constructor threw {inner.GetType().Name}: {inner.Message}");
        }
        catch (Exception e) when (e is MemberAccessException or TypeLoadException or FileNotFoundException or FileLoadException)
        {
            return (null, type.Name, $"could not be created: {e.Message}");
        }

        // Through the contract, so an explicit interface implementation of Name works too.
        var property = contract.GetProperty("Name", typeof(string));
        if (property?.GetMethod is null)
            return (null, type.Name, $"contract {contract.Name} has no string Name property");
        try
        {
            var name = (string?)property.GetValue(instance);
            return string.IsNullOrWhiteSpace(name) ? (null, type.Name, "Name is empty") : (instance, name, null);
        }
        catch (TargetInvocationException e)
        {
            var inner = e.InnerException ?? e;
            return (null, type.Name, $"Name threw {inner.GetType().Name}: {inner.Message}");
        }
    }

    private void Refuse(List<PluginEntry> entries, string plugin, string source, string version, string reason, string contractVersion = "-")
    {
        entries.Add(new PluginEntry(plugin, "-", "-", "-", version, contractVersion, source, false, reason, null));
        logger.LogWarning("Plugin {Plugin} {Version} refused from {Source}: {Reason}", plugin, version, source, reason);
    }

    /// <summary>Lower-case hexadecimal SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
