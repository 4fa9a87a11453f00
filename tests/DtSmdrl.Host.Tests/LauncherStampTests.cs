using System.Diagnostics;

namespace DtSmdrl.Host.Tests;

/// <summary>
/// eng/build-stamp decides whether ./dtsmdrl rebuilds the Host: it must change with any source, project or build
/// file and stay equal when nothing changed. Run on a copy in a temporary tree, never on the repository itself.
/// </summary>
[TestClass]
public sealed class LauncherStampTests
{
    [TestMethod]
    public void StampChangesWithSourcesAndBuildFilesOnly()
    {
        var root = Directory.CreateTempSubdirectory("dtsmdrl-stamp-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "eng"));
            File.Copy(Path.Combine(RepositoryRoot(), "eng", "build-stamp"), Path.Combine(root, "eng", "build-stamp"));
            foreach (var project in new[] { "DtSmdrl.Pipeline", "DtSmdrl.Plugins", "DtSmdrl.Host" })
            {
                Directory.CreateDirectory(Path.Combine(root, project, "bin"));
                File.WriteAllText(Path.Combine(root, project, "Code.cs"), "class A { }");
            }
            File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");

            var first = Stamp(root);
            Assert.AreEqual(first, Stamp(root), "nothing changed: the stamp must be equal");

            File.WriteAllText(Path.Combine(root, "DtSmdrl.Host", "bin", "out.dll"), "build output");
            Assert.AreEqual(first, Stamp(root), "build output under bin/ must not change the stamp");

            File.WriteAllText(Path.Combine(root, "README.md"), "docs");
            Assert.AreEqual(first, Stamp(root), "a file outside the build inputs must not change the stamp");

            File.WriteAllText(Path.Combine(root, "DtSmdrl.Plugins", "Code.cs"), "class B { }");
            var afterSource = Stamp(root);
            Assert.AreNotEqual(first, afterSource, "a changed source file must change the stamp");

            File.WriteAllText(Path.Combine(root, "DtSmdrl.Pipeline", "New.cs"), "class C { }");
            var afterNewFile = Stamp(root);
            Assert.AreNotEqual(afterSource, afterNewFile, "a new source file must change the stamp");

            File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project><PropertyGroup /></Project>");
            var afterBuildFile = Stamp(root);
            Assert.AreNotEqual(afterNewFile, afterBuildFile, "a changed build file must change the stamp");

            // The Pipeline embeds the JSON Schemas: a new or changed schema must rebuild it.
            Directory.CreateDirectory(Path.Combine(root, "data-schemas", "examples"));
            File.WriteAllText(Path.Combine(root, "data-schemas", "examples", "x.json"), "{}");
            Assert.AreEqual(afterBuildFile, Stamp(root), "an example file is not a build input");
            File.WriteAllText(Path.Combine(root, "data-schemas", "new.schema.json"), "{}");
            var afterSchema = Stamp(root);
            Assert.AreNotEqual(afterBuildFile, afterSchema, "a new schema must change the stamp");

            // It embeds the bench's reference peers too: a changed peer must rebuild it, the peers' README not.
            Directory.CreateDirectory(Path.Combine(root, "bench", "peers"));
            File.WriteAllText(Path.Combine(root, "bench", "peers", "README.md"), "docs");
            Assert.AreEqual(afterSchema, Stamp(root), "the peers' README is not a build input");
            File.WriteAllText(Path.Combine(root, "bench", "peers", "twin_numpy.py"), "print()");
            Assert.AreNotEqual(afterSchema, Stamp(root), "a new or changed peer must change the stamp");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Stamp(string root)
    {
        var start = new ProcessStartInfo("/bin/bash", [Path.Combine(root, "eng", "build-stamp")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, error);
        var stamp = output.Trim();
        Assert.AreEqual(64, stamp.Length, $"expected one SHA-256 line, got '{output}'");
        return stamp;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DtSmdrl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no DtSmdrl.sln above {AppContext.BaseDirectory}");
    }
}
