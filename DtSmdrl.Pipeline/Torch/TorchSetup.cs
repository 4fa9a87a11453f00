using TorchSharp;

namespace DtSmdrl.Pipeline.Torch;

/// <summary>Process-wide TorchSharp settings: seed and thread counts come from options, never from defaults.</summary>
public static class TorchSetup
{
    /// <summary>Sets the global seed and the intra-op thread count (0 keeps libtorch's default).</summary>
    public static void Configure(long seed, int intraOpThreads)
    {
        if (intraOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(intraOpThreads), intraOpThreads, "Thread count must be 0 (default) or positive.");
        if (intraOpThreads > 0)
            torch.set_num_threads(intraOpThreads);
        torch.manual_seed(seed);
    }

    /// <summary>The backend this build references: "cpu" for TorchSharp-cpu, "cuda" for TorchSharp-cuda-linux.</summary>
    public static string Backend => torch.cuda.is_available() ? "cuda" : "cpu";
}
