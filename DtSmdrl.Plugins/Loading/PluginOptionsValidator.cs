using Microsoft.Extensions.Options;

namespace DtSmdrl.Plugins.Loading;

/// <summary>Checks <see cref="PluginOptions"/> at start-up; every failure names the configuration key.</summary>
public sealed class PluginOptionsValidator : IValidateOptions<PluginOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PluginOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Folders.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Folders[i]))
                failures.Add($"{PluginOptions.Section}:Folders:{i} is empty.");
            else if (options.Folders[i].IndexOfAny(Path.GetInvalidPathChars()) >= 0)
                failures.Add($"{PluginOptions.Section}:Folders:{i} ('{options.Folders[i]}') contains characters that are invalid in a path.");
        }
        for (var i = 0; i < options.Allowed.Count; i++)
        {
            var entry = options.Allowed[i];
            var key = $"{PluginOptions.Section}:Allowed:{i}";
            if (string.IsNullOrWhiteSpace(entry.Name))
                failures.Add($"{key}:Name is empty (each entry is {{ \"Name\": ..., \"Sha256\": ... }}).");
            if (!IsSha256(entry.Sha256))
                failures.Add($"{key}:Sha256 must be the 64 hexadecimal digits of the plugin assembly's SHA-256.");
            foreach (var (file, hash) in entry.Dependencies)
            {
                if (string.IsNullOrWhiteSpace(file) || Path.IsPathRooted(file) || file.Split('/', '\\').Contains(".."))
                    failures.Add($"{key}:Dependencies: '{file}' must be a path inside the plugin folder.");
                if (!IsSha256(hash))
                    failures.Add($"{key}:Dependencies:{file} must be 64 hexadecimal digits.");
            }
        }
        var duplicate = options.Allowed.Where(a => !string.IsNullOrWhiteSpace(a.Name)).GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            failures.Add($"{PluginOptions.Section}:Allowed lists '{duplicate.Key}' twice.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsSha256(string? value) => value is { Length: 64 } && value.All(Uri.IsHexDigit);
}
