using System.Security.Cryptography;

namespace DtSmdrl.Plugins.Loading;

/// <summary>
/// The code files of one plugin folder after every check passed: each managed assembly's exact bytes as hashed
/// (the load context loads those bytes, never the file again, so a file swapped after the check is not what
/// runs) and each native library's hash (checked again when it is loaded). Built by <see cref="Verify"/>.
/// </summary>
public sealed class VerifiedPluginFiles
{
    private static readonly string[] CodeExtensions = [".dll", ".so", ".dylib"];

    private readonly Dictionary<string, byte[]> assemblies;
    private readonly Dictionary<string, string> nativeHashes;

    private VerifiedPluginFiles(string folder, Dictionary<string, byte[]> assemblies, Dictionary<string, string> nativeHashes)
    {
        Folder = folder;
        this.assemblies = assemblies;
        this.nativeHashes = nativeHashes;
    }

    /// <summary>The plugin folder (symbolic links of the folder itself resolved).</summary>
    public string Folder { get; }

    /// <summary>The verified bytes of a managed assembly, or null when <paramref name="path"/> was not verified.</summary>
    public byte[]? Assembly(string path) => assemblies.GetValueOrDefault(Path.GetFullPath(path));

    /// <summary>Whether <paramref name="path"/> is a verified native library whose content is still the one hashed.</summary>
    public bool IsVerifiedNative(string path) =>
        nativeHashes.TryGetValue(Path.GetFullPath(path), out var hash) && Sha256(File.ReadAllBytes(path)) == hash;

    /// <summary>
    /// Checks a plugin folder against the operator's pin, before any of its code is loaded: no entry of the folder
    /// is a symbolic link resolving outside it; every code file (*.dll, *.so, *.dylib) is pinned, as the main
    /// assembly or a dependency, and has the pinned SHA-256; every pinned file exists; the manifest's own hash
    /// agrees. Returns the refusal reason, or null with <paramref name="verified"/> set.
    /// </summary>
    public static string? Verify(string folder, PluginManifest manifest, AllowedPlugin pin, out VerifiedPluginFiles? verified)
    {
        verified = null;
        var root = RealDirectory(folder);
        var codeFiles = new List<string>();
        var outside = Walk(root, root, codeFiles);
        if (outside is not null) return outside;

        var mainRelative = manifest.Assembly.Replace('\\', '/');
        var expected = new Dictionary<string, string>(pin.Dependencies, StringComparer.Ordinal) { [mainRelative] = pin.Sha256 };
        var assemblies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var natives = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in codeFiles.Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (!expected.TryGetValue(relative, out var pinned))
                return $"'{relative}' in the plugin folder is not pinned in {PluginOptions.Section}:Allowed (neither Sha256 nor Dependencies)";
            var bytes = File.ReadAllBytes(path);
            var actual = Sha256(bytes);
            if (!actual.Equals(pinned, StringComparison.OrdinalIgnoreCase))
                return $"SHA-256 mismatch for '{relative}': {PluginOptions.Section}:Allowed pins {pinned.ToLowerInvariant()}, file {actual}";
            if (relative == mainRelative && !actual.Equals(manifest.Sha256, StringComparison.OrdinalIgnoreCase))
                return $"SHA-256 mismatch for '{relative}': manifest {manifest.Sha256.ToLowerInvariant()}, file {actual}";
            if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) assemblies[path] = bytes;
            else natives[path] = actual;
        }
        var missing = expected.Keys.FirstOrDefault(relative => !codeFiles.Contains(Path.GetFullPath(Path.Combine(root, relative)), StringComparer.Ordinal));
        if (missing is not null)
            return missing == mainRelative ? $"assembly file '{manifest.Assembly}' not found" : $"pinned dependency '{missing}' not found in the plugin folder";
        verified = new VerifiedPluginFiles(root, assemblies, natives);
        return null;
    }

    /// <summary>Collects the code files under <paramref name="directory"/>; returns a refusal when a link resolves outside <paramref name="root"/>.</summary>
    private static string? Walk(string root, string directory, List<string> codeFiles)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var isLink = entry.LinkTarget is not null;
            if (isLink)
            {
                var target = entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                if (target is null || !IsInside(root, target))
                    return $"'{Path.GetRelativePath(root, entry.FullName)}' is a symbolic link to '{entry.LinkTarget}', which resolves outside the plugin folder";
            }
            if (entry is DirectoryInfo sub)
            {
                // A link to a folder inside the plugin folder is walked at its real place.
                if (!isLink && Walk(root, sub.FullName, codeFiles) is { } refusal) return refusal;
            }
            else if (CodeExtensions.Any(x => entry.Name.EndsWith(x, StringComparison.OrdinalIgnoreCase)))
            {
                codeFiles.Add(entry.FullName);
            }
        }
        return null;
    }

    private static string RealDirectory(string folder)
    {
        var info = new DirectoryInfo(Path.GetFullPath(folder));
        return Path.TrimEndingDirectorySeparator(info.LinkTarget is null ? info.FullName : info.ResolveLinkTarget(returnFinalTarget: true)!.FullName);
    }

    private static bool IsInside(string root, string path)
    {
        var relative = Path.GetRelativePath(root, Path.GetFullPath(path));
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
