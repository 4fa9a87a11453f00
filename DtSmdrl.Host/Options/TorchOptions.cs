using System.ComponentModel.DataAnnotations;

namespace DtSmdrl.Host.Options;

/// <summary>TorchSharp settings, bound from the "Torch" configuration section.</summary>
public sealed class TorchOptions
{
    public const string Section = "Torch";

    /// <summary>"cpu", "cuda" or "cuda:N". CUDA falls back to CPU with one log line when absent.</summary>
    [Required]
    [RegularExpression("^(cpu|cuda(:[0-9]+)?)$", ErrorMessage = "Torch:Device must be 'cpu', 'cuda' or 'cuda:N'.")]
    public string Device { get; set; } = "cpu";

    /// <summary>Intra-op threads for libtorch; 0 keeps libtorch's default (one per core).</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>Global seed for TorchSharp's generators.</summary>
    public long Seed { get; set; } = 42;
}
