using System.Reflection;
using System.Text.Json;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>
/// Writes a <see cref="TwinBenchmark"/> workload as the JSON file that the reference peers under bench/peers read:
/// the options that change what is simulated, the noise seeds, every <see cref="NsclcParameters"/> field as one array
/// over patients, and the per-cycle action schedule. Doubles are written round-trip, so the peer simulates the very
/// same patients.
/// </summary>
/// <remarks>
/// <code>
/// { "format": "dtsmdrl-twin-workload/1",
///   "options": { "StepSize": 0.25, "ScanIntervalDays": 42, ..., "Rewards": {...}, "Actions": [{"Name", "Chemotherapy", "Targeted", "Immunotherapy"}] },
///   "seeds": [0, 1, ...],
///   "parameters": { "LesionCount": [...], "V0": [...], ... },
///   "cycles": [ { "days": 21, "actions": [...] }, ... ] }
/// </code>
/// </remarks>
public static class TwinPeerWorkload
{
    /// <summary>Format tag of the file.</summary>
    public const string Format = "dtsmdrl-twin-workload/1";

    private static readonly PropertyInfo[] ParameterFields = typeof(NsclcParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    /// <summary>Writes the workload to <paramref name="path"/>.</summary>
    public static void Write(string path, NsclcSimulationOptions options, IReadOnlyList<NsclcParameters> parameters, IReadOnlyList<ulong> noiseSeeds, IReadOnlyList<TwinBenchmarkCycle> cycles)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(noiseSeeds);
        ArgumentNullException.ThrowIfNull(cycles);
        if (parameters.Count == 0 || noiseSeeds.Count != parameters.Count)
        {
            throw new ArgumentException($"A workload needs at least one patient and one noise seed per patient ({parameters.Count} patients, {noiseSeeds.Count} seeds).");
        }

        if (cycles.Any(c => c.Actions.Length != parameters.Count))
        {
            throw new ArgumentException($"Every cycle needs one action per patient ({parameters.Count}).", nameof(cycles));
        }

        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("format", Format);
        WriteOptions(json, options);

        json.WriteStartArray("seeds");
        foreach (var seed in noiseSeeds)
        {
            json.WriteNumberValue(seed);
        }

        json.WriteEndArray();
        json.WriteStartObject("parameters");
        foreach (var field in ParameterFields)
        {
            json.WriteStartArray(field.Name);
            foreach (var p in parameters)
            {
                WriteValue(json, $"{nameof(NsclcParameters)}.{field.Name}", field.GetValue(p));
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteStartArray("cycles");
        foreach (var cycle in cycles)
        {
            json.WriteStartObject();
            json.WriteNumber("days", cycle.Days);
            json.WriteStartArray("actions");
            foreach (var a in cycle.Actions)
            {
                json.WriteNumberValue(a);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    // Every public setting is written, so a setting added to the options reaches the peer, which refuses the ones it
    // has not been ported for instead of simulating something else.
    private static void WriteOptions(Utf8JsonWriter json, NsclcSimulationOptions options)
    {
        json.WriteStartObject("options");
        foreach (var setting in typeof(NsclcSimulationOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            json.WritePropertyName(setting.Name);
            WriteValue(json, $"{nameof(NsclcSimulationOptions)}.{setting.Name}", setting.GetValue(options));
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case double d:
                json.WriteNumberValue(d);
                break;
            case int n:
                json.WriteNumberValue(n);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case Enum e:
                json.WriteStringValue(e.ToString());
                break;
            case NsclcRewardOptions rewards:
                json.WriteStartObject();
                foreach (var weight in typeof(NsclcRewardOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    json.WritePropertyName(weight.Name);
                    WriteValue(json, $"{name}.{weight.Name}", weight.GetValue(rewards));
                }

                json.WriteEndObject();
                break;
            case ActionSet actions:
                json.WriteStartArray();
                foreach (var a in actions)
                {
                    json.WriteStartObject();
                    json.WriteString(nameof(a.Name), a.Name);
                    json.WriteNumber(nameof(a.Chemotherapy), a.Chemotherapy);
                    json.WriteNumber(nameof(a.Targeted), a.Targeted);
                    json.WriteNumber(nameof(a.Immunotherapy), a.Immunotherapy);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"{name} is a {value?.GetType().Name ?? "null"}: the workload format has no way to write it.");
        }
    }
}
