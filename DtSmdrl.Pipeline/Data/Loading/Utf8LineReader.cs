using System.Text;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>
/// Streams a text file line by line with strict UTF-8 decoding and a line-length cap, so a huge or
/// binary file, a wrong encoding or an over-long line gives a clear error instead of a crash or an
/// out-of-memory. A UTF-8 byte-order mark is skipped; UTF-16/32 files are refused.
/// </summary>
public static class Utf8LineReader
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A line, or the error that replaced it.</summary>
    public readonly record struct Line(long Number, string? Text, string? Error);

    public static IEnumerable<Line> Read(string path, int maxLineBytes, string displayName)
    {
        if (!File.Exists(path))
            throw new DataValidationException(new RecordError(displayName, 0, null, "(file)", "file does not exist"));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (stream.Length == 0)
            throw new DataValidationException(new RecordError(displayName, 0, null, "(file)", "file is empty"));
        CheckByteOrderMark(stream, displayName);

        var buffer = new byte[Math.Min(maxLineBytes, 1 << 20) + 1];
        var length = 0;
        var tooLong = false;
        long number = 1;
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b == '\n')
            {
                yield return Finish(number++, buffer, length, tooLong, maxLineBytes);
                length = 0;
                tooLong = false;
                continue;
            }
            if (tooLong) continue;
            if (length == maxLineBytes)
            {
                tooLong = true;
                continue;
            }
            if (length == buffer.Length) Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxLineBytes + 1));
            buffer[length++] = (byte)b;
        }
        if (length > 0 || tooLong) yield return Finish(number, buffer, length, tooLong, maxLineBytes);
    }

    private static Line Finish(long number, byte[] buffer, int length, bool tooLong, int maxLineBytes)
    {
        if (tooLong) return new Line(number, null, $"line is longer than the limit of {maxLineBytes} bytes");
        if (length > 0 && buffer[length - 1] == '\r') length--;
        try
        {
            return new Line(number, Strict.GetString(buffer, 0, length), null);
        }
        catch (DecoderFallbackException e)
        {
            return new Line(number, null, $"not valid UTF-8 at byte {e.Index} of the line; save the file as UTF-8");
        }
    }

    private static void CheckByteOrderMark(FileStream stream, string displayName)
    {
        Span<byte> head = stackalloc byte[3];
        var read = stream.Read(head);
        if (read >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
            throw new DataValidationException(new RecordError(displayName, 0, null, "(file)", "file is UTF-16 encoded; expected UTF-8"));
        var skip = read == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
        stream.Position = skip;
    }
}
