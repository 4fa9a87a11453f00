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
            if (string.IsNullOrWhiteSpace(options.Allowed[i]))
                failures.Add($"{PluginOptions.Section}:Allowed:{i} is empty.");
        }
        var duplicate = options.Allowed.GroupBy(a => a, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            failures.Add($"{PluginOptions.Section}:Allowed lists '{duplicate.Key}' twice.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
