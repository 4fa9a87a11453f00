using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>
/// Card uuids that carry the recommendation they show, so feedback finds it without a table of issued cards
/// (any instance, after a restart): bytes 10-15 hold the recommendation id, the rest a SHA-256 of (hook,
/// id), so a uuid this service did not issue is recognised and refused.
/// </summary>
public static class CardIds
{
    public static Guid For(string hook, long recommendationId)
    {
        Span<byte> bytes = stackalloc byte[16];
        Hash(hook, recommendationId).AsSpan(0, 10).CopyTo(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);   // version 8: custom
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);   // RFC 4122 variant
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, recommendationId);
        id[2..].CopyTo(bytes[10..]);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The recommendation id and hook of a uuid this service issued, or null.</summary>
    public static (long RecommendationId, string Hook)? Read(string uuid, IEnumerable<string> hooks)
    {
        if (!Guid.TryParse(uuid, out var guid)) return null;
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        Span<byte> id = stackalloc byte[8];
        bytes[10..].CopyTo(id[2..]);
        var recommendationId = BinaryPrimitives.ReadInt64BigEndian(id);
        foreach (var hook in hooks)
            if (For(hook, recommendationId) == guid) return (recommendationId, hook);
        return null;
    }

    private static byte[] Hash(string hook, long recommendationId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"dtsmdrl-cds-card\u0000{hook}\u0000{recommendationId}"));
}
