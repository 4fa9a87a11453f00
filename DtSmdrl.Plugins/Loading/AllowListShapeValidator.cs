using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Plugins.Loading;

/// <summary>
/// Refuses <c>Plugins:Allowed</c> entries written as a bare name (the form before hashes were pinned): the
/// configuration binder would drop them silently, and the operator would not learn why the plugin is refused.
/// </summary>
public sealed class AllowListShapeValidator(IConfiguration configuration) : IValidateOptions<PluginOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PluginOptions options)
    {
        var bare = configuration.GetSection(PluginOptions.Section).GetSection(nameof(PluginOptions.Allowed)).GetChildren()
            .Where(entry => entry.Value is not null)
            .Select(entry => $"{PluginOptions.Section}:Allowed:{entry.Key} is the bare name '{entry.Value}'; each entry is {{ \"Name\": ..., \"Sha256\": ... }} (see DtSmdrl.Plugins/README.md).")
            .ToList();
        return bare.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(bare);
    }
}
