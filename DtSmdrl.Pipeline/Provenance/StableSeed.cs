using System.Security.Cryptography;
using System.Text;

namespace DtSmdrl.Pipeline.Provenance;

/// <summary>Seeds derived from text (patient ids) that are the same in every process (string.GetHashCode is not).</summary>
public static class StableSeed
{
    public static int Of(string text, int salt) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}:{text}")), 0) & int.MaxValue;
}
