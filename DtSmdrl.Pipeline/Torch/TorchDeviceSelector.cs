using Microsoft.Extensions.Logging;
using TorchSharp;

namespace DtSmdrl.Pipeline.Torch;

/// <summary>Chooses the TorchSharp device from an option value, falling back to CPU when CUDA is absent.</summary>
public static class TorchDeviceSelector
{
    /// <summary>Resolves "cpu" or "cuda" (optionally "cuda:N") to a device; unknown names are an error.</summary>
    public static torch.Device Resolve(string requested, ILogger? logger = null)
    {
        var name = (requested ?? "cpu").Trim().ToLowerInvariant();
        if (name == "cpu")
            return torch.CPU;
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (torch.cuda.is_available())
                return torch.device(name);
            logger?.LogWarning("Device {Requested} requested but CUDA is not available in this TorchSharp backend; using CPU", name);
            return torch.CPU;
        }
        throw new ArgumentException($"Unknown device '{requested}': expected 'cpu', 'cuda' or 'cuda:N'.", nameof(requested));
    }
}
