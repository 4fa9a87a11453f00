namespace DtSmdrl.Host.Storage;

/// <summary>
/// Files that may hold patient data (the SQLite database, model bundles, processed and rejected inbox files,
/// rejects reasons, the job error log) are created owner-only: files 0600, the folders this process creates
/// 0700. Folders that already exist keep their mode (the operator may share a drop folder with the sending
/// system). Unix only; on Windows the folder's inherited ACL applies.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="folder"/> (and missing parents) as 0700; an existing folder is left as it is.</summary>
    public static void CreateFolder(string folder)
    {
        if (Directory.Exists(folder)) return;
        if (!OperatingSystem.IsWindows()) Directory.CreateDirectory(folder, OwnerOnlyFolder);
        else Directory.CreateDirectory(folder);
    }

    /// <summary>Makes an existing file owner-only (a file moved in, or one written by a library).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, OwnerOnlyFile);
    }

    /// <summary>Creates an empty file as 0600 unless it exists.</summary>
    public static void CreateEmpty(string path)
    {
        if (File.Exists(path)) return;
        try
        {
            using var _ = Create(path, FileMode.CreateNew);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first.
        }
    }

    /// <summary>Writes the lines to <paramref name="path"/> atomically (a fresh 0600 temporary file, then a rename).</summary>
    public static void WriteAllLines(string path, IEnumerable<string> lines)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var writer = new StreamWriter(Create(temporary, FileMode.CreateNew)))
        {
            foreach (var line in lines) writer.WriteLine(line);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Appends a line to <paramref name="path"/>, creating it as 0600.</summary>
    public static void AppendLine(string path, string line)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) CreateFolder(folder);
        using var writer = new StreamWriter(Create(path, FileMode.Append));
        writer.WriteLine(line);
    }

    private static FileStream Create(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        return new FileStream(path, options);
    }
}
