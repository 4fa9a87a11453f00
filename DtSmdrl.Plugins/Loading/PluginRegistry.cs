namespace DtSmdrl.Plugins.Loading;

/// <summary>
/// What discovery registered and refused. Loaded plugins are found by contract type and name
/// (the host's DI resolves them as keyed services with the key "kind:name", e.g. "safety:cvar").
/// </summary>
public sealed class PluginRegistry
{
    private readonly Dictionary<(Type Contract, string Name), PluginEntry> loaded = [];

    /// <summary>Builds a registry from discovery rows (at most one loaded row per contract and name).</summary>
    public PluginRegistry(IEnumerable<PluginEntry> entries)
    {
        Entries = entries.ToArray();
        foreach (var entry in Entries.Where(e => e.Loaded))
        {
            var contract = PluginContracts.Interfaces.SingleOrDefault(i => i.Name == entry.Contract)
                ?? throw new ArgumentException($"Plugin entry '{entry.Name}' names unknown contract '{entry.Contract}'.");
            if (!loaded.TryAdd((contract, entry.Name), entry))
                throw new ArgumentException($"Two loaded plugins implement {entry.Contract} under the name '{entry.Name}'.");
        }
    }

    /// <summary>Every row, loaded and refused, in discovery order.</summary>
    public IReadOnlyList<PluginEntry> Entries { get; }

    /// <summary>The DI key of a plugin: "kind:name".</summary>
    public static string KeyOf(string kind, string name) => $"{kind}:{name}";

    /// <summary>The plugin implementing <typeparamref name="T"/> under <paramref name="name"/>; throws naming the available ones.</summary>
    public T Get<T>(string name) where T : class => (T)Get(typeof(T), name);

    /// <summary>The plugin implementing <paramref name="contract"/> under <paramref name="name"/>; throws naming the available ones.</summary>
    public object Get(Type contract, string name)
    {
        if (loaded.TryGetValue((contract, name), out var entry))
            return entry.Instance!;
        var available = loaded.Keys.Where(k => k.Contract == contract).Select(k => $"'{k.Name}'").ToArray();
        throw new KeyNotFoundException(
            $"No {contract.Name} plugin named '{name}' is loaded; available: {(available.Length == 0 ? "none" : string.Join(", ", available))}. Run `dtsmdrl plugins list` to see refused plugins and why.");
    }

    /// <summary>Every loaded plugin implementing <typeparamref name="T"/>, in discovery order.</summary>
    public IReadOnlyList<T> All<T>() where T : class =>
        Entries.Where(e => e.Loaded && e.Contract == typeof(T).Name && e.Instance is T).Select(e => (T)e.Instance!).ToArray();
}
