using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// FT-Transformer feature tokenizer for one tabular modality: token_j = b_j + x_j * W_j, where a learned per-feature
/// "missing" embedding replaces the value term x_j * W_j when x_j is NaN. The modality embedding is added by the model.
/// </summary>
public sealed class FeatureTokenizer : nn.Module
{
    private readonly Parameter _valueWeight;
    private readonly Parameter _bias;
    private readonly Parameter _missing;

    /// <summary>Creates the tokenizer; parameters are drawn from torch's global generator (seeded by the caller).</summary>
    public FeatureTokenizer(string name, int featureCount, int dimension) : base(name)
    {
        // rtdl's initialisation: uniform(-1/sqrt(d), 1/sqrt(d)).
        var bound = 1.0 / Math.Sqrt(dimension);
        _valueWeight = Uniform(featureCount, dimension, bound);
        _bias = Uniform(featureCount, dimension, bound);
        _missing = Uniform(featureCount, dimension, bound);
        RegisterComponents();
    }

    /// <summary>Tokens [B, F, d] for values [B, F] (NaN = missing).</summary>
    public Tensor forward(Tensor values)
    {
        var missing = values.isnan().unsqueeze(-1);
        var clean = values.nan_to_num(0.0).unsqueeze(-1);
        var valueTerm = where(missing, _missing.unsqueeze(0), clean * _valueWeight.unsqueeze(0));
        return valueTerm + _bias.unsqueeze(0);
    }

    private static Parameter Uniform(int rows, int cols, double bound) =>
        new(rand(rows, cols) * (2 * bound) - bound);
}
