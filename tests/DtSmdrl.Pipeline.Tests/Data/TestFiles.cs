using System.Text;

namespace DtSmdrl.Pipeline.Tests.Data;

/// <summary>Temporary input files for loader tests; deleted with the instance.</summary>
internal sealed class TestFiles : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dtsmdrl-data-").FullName;

    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "data-schemas", "examples", name);

    public string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
