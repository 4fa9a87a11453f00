using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>
/// Opens an input file the same way for every loader (JSONL and CSV, patients and outcomes), so they accept and
/// refuse the same files with the same messages: a missing path, a directory, an empty or unreadable file, and any
/// encoding but UTF-8 are file-level errors. A UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 (with a mark,
/// or without one, which shows as NUL bytes) are refused.
/// </summary>
public static class InputFile
{
    /// <summary>The reason given for a line or row holding a NUL character.</summary>
    public const string NulReason = "contains a NUL character: is the file UTF-16 or binary? Save it as UTF-8";

    /// <summary>A read-only stream positioned after any UTF-8 byte-order mark; throws <see cref="DataValidationException"/> otherwise.</summary>
    public static FileStream OpenUtf8(string path, string displayName)
    {
        if (string.IsNullOrWhiteSpace(path)) throw Error(displayName, "no file name given");
        if (Directory.Exists(path)) throw Error(displayName, "is a directory, not a file");
        if (!File.Exists(path)) throw Error(displayName, "file does not exist");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (UnauthorizedAccessException)
        {
            throw Error(displayName, "cannot be read: permission denied");
        }
        catch (IOException e)
        {
            throw Error(displayName, $"cannot be read: {e.Message}");
        }
        try
        {
            if (stream.Length == 0) throw Error(displayName, "file is empty");
            SkipUtf8ByteOrderMark(stream, displayName);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void SkipUtf8ByteOrderMark(FileStream stream, string displayName)
    {
        Span<byte> head = stackalloc byte[4];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 4 && ((head[0] == 0xFF && head[1] == 0xFE && head[2] == 0 && head[3] == 0) || (head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF)))
            throw Error(displayName, "file is UTF-32 encoded; expected UTF-8");
        if (read >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
            throw Error(displayName, "file is UTF-16 encoded; expected UTF-8");
        var utf8Mark = read >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
        stream.Position = utf8Mark ? 3 : 0;
        if (utf8Mark && stream.Length == 3) throw Error(displayName, "file is empty (only a byte-order mark)");
    }

    private static DataValidationException Error(string file, string reason) => new(new RecordError(file, 0, null, "(file)", reason));
}
