using System.Text;
using System.Text.Json;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>Streams records to a JSON Lines file, one record per line, UTF-8 without BOM.</summary>
public sealed class JsonLinesWriter<T> : IDisposable
{
    private readonly StreamWriter writer;
    private readonly JsonSerializerOptions options;

    public JsonLinesWriter(string path, JsonSerializerOptions? options = null)
    {
        this.options = options ?? DtSmdrlJson.Options;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    public long Count { get; private set; }

    public void Write(T record)
    {
        writer.WriteLine(JsonSerializer.Serialize(record, options));
        Count++;
    }

    public void Dispose() => writer.Dispose();
}
