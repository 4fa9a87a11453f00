using System.Text;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>
/// Streams a text file line by line with strict UTF-8 decoding and a line-length cap, so a huge or
/// binary file, a wrong encoding or an over-long line gives a clear error instead of a crash or an
/// out-of-memory. Files are opened by <see cref="InputFile"/> (UTF-8 only).
/// </summary>
public static class Utf8LineReader
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A line, or the error that replaced it.</summary>
    public readonly record struct Line(long Number, string? Text, string? Error);

    public static IEnumerable<Line> Read(string path, int maxLineBytes, string displayName)
    {
        using var stream = InputFile.OpenUtf8(path, displayName);

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
            var text = Strict.GetString(buffer, 0, length);
            return text.Contains('\0') ? new Line(number, null, InputFile.NulReason) : new Line(number, text, null);
        }
        catch (DecoderFallbackException e)
        {
            return new Line(number, null, $"not valid UTF-8 at byte {e.Index} of the line; save the file as UTF-8");
        }
    }
}
