using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>
/// Peak memory and wall time of a finished study run (metrics.md "Peak memory (RSS) of the study run"), as
/// `dtsmdrl study` records them at the top level of its manifest.json.
/// </summary>
/// <param name="PeakWorkingSetBytes">manifest "peak_working_set_bytes": the study process's peak working set (RSS).</param>
/// <param name="WallSeconds">manifest "wall_seconds" / "total": the study's wall-clock seconds.</param>
/// <param name="Machine">manifest "machine" when present (the machine the study ran on), else null.</param>
public sealed record StudyFootprint(long PeakWorkingSetBytes, double WallSeconds, string? Machine)
{
    /// <summary>File name of the study manifest inside a study output folder.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>Peak working set in MiB.</summary>
    public double PeakWorkingSetMiB => PeakWorkingSetBytes / (1024.0 * 1024.0);

    /// <summary>Reads <paramref name="studyFolder"/>/manifest.json; a missing file or field throws an error that names the file and field.</summary>
    /// <exception cref="FileNotFoundException">The folder has no manifest.json.</exception>
    /// <exception cref="InvalidDataException">The manifest is not JSON, or a field is missing or not a number.</exception>
    public static StudyFootprint Read(string studyFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyFolder);
        var path = Path.Combine(studyFolder, ManifestFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} not found: pass the output folder of a finished `dtsmdrl study` run.", path);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject manifest)
            throw new InvalidDataException($"{path}: the top level is not a JSON object.");

        var peak = Number(manifest["peak_working_set_bytes"], path, "peak_working_set_bytes",
            "written by `dtsmdrl study` builds that record Process.PeakWorkingSet64; rerun the study with a current build");
        var wall = Number((manifest["wall_seconds"] as JsonObject)?["total"], path, "wall_seconds.total", "written by every `dtsmdrl study` run");
        if (peak <= 0 || peak != Math.Floor(peak))
            throw new InvalidDataException($"{path}: field peak_working_set_bytes = {peak.ToString(CultureInfo.InvariantCulture)} must be a positive whole number of bytes.");
        if (wall < 0)
            throw new InvalidDataException($"{path}: field wall_seconds.total = {wall.ToString(CultureInfo.InvariantCulture)} must be >= 0.");
        var machine = manifest["machine"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : null;
        return new StudyFootprint((long)peak, wall, machine);
    }

    private static double Number(JsonNode? node, string path, string field, string hint)
    {
        if (node is null)
            throw new InvalidDataException($"{path}: field {field} is missing ({hint}).");
        if (node is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number))
            return number;
        throw new InvalidDataException($"{path}: field {field} = {node.ToJsonString()} is not a finite number.");
    }
}
