using System.Security.Cryptography;

namespace DtSmdrl.Pipeline.Provenance;

/// <summary>SHA-256 fingerprints of training data and inputs, written into manifests and audit rows.</summary>
public static class ContentHash
{
    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Lower-case hex SHA-256 of bytes.</summary>
    public static string OfBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
