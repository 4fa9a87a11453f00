using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// One pre-norm transformer layer: x + Dropout(MHA(LN(x))), then x + Dropout(FFN(LN(x))). The attention is written
/// out (q/k/v projections, scaled dot product, -inf on masked keys, softmax, dropout) so that its weights can be
/// returned and masked keys get exactly zero weight.
/// </summary>
public sealed class FusionAttentionLayer : nn.Module
{
    private readonly LayerNorm _attentionNorm;
    private readonly Linear _query;
    private readonly Linear _key;
    private readonly Linear _value;
    private readonly Linear _output;
    private readonly LayerNorm _feedForwardNorm;
    private readonly Linear _feedForwardIn;
    private readonly Linear _feedForwardOut;
    private readonly int _heads;
    private readonly double _dropout;

    /// <summary>Creates a layer of width <paramref name="dimension"/> with <paramref name="heads"/> heads.</summary>
    public FusionAttentionLayer(string name, int dimension, int heads, int feedForwardMultiplier, double dropout) : base(name)
    {
        _heads = heads;
        _dropout = dropout;
        _attentionNorm = nn.LayerNorm(dimension);
        _query = nn.Linear(dimension, dimension);
        _key = nn.Linear(dimension, dimension);
        _value = nn.Linear(dimension, dimension);
        _output = nn.Linear(dimension, dimension);
        _feedForwardNorm = nn.LayerNorm(dimension);
        _feedForwardIn = nn.Linear(dimension, dimension * feedForwardMultiplier);
        _feedForwardOut = nn.Linear(dimension * feedForwardMultiplier, dimension);
        RegisterComponents();
    }

    /// <summary>
    /// Transforms tokens [B, T, d]; <paramref name="keyMask"/> [B, T] is true for tokens that may be attended to.
    /// Returns the new tokens and the attention weights [B, H, T, T] before dropout.
    /// </summary>
    public (Tensor Tokens, Tensor Attention) forward(Tensor tokens, Tensor keyMask)
    {
        var batch = tokens.shape[0];
        var count = tokens.shape[1];
        var dimension = tokens.shape[2];
        var headSize = dimension / _heads;

        var normed = _attentionNorm.forward(tokens);
        Tensor Split(Tensor x) => x.view(batch, count, _heads, headSize).transpose(1, 2);
        var q = Split(_query.forward(normed));
        var k = Split(_key.forward(normed));
        var v = Split(_value.forward(normed));
        var scores = matmul(q, k.transpose(-2, -1)) / Math.Sqrt(headSize);
        scores = scores.masked_fill(keyMask.logical_not().view(batch, 1, 1, count), double.NegativeInfinity);
        var attention = nn.functional.softmax(scores, -1);
        var mixed = matmul(nn.functional.dropout(attention, _dropout, training), v)
            .transpose(1, 2).reshape(batch, count, dimension);
        tokens = tokens + nn.functional.dropout(_output.forward(mixed), _dropout, training);

        var hidden = nn.functional.gelu(_feedForwardIn.forward(_feedForwardNorm.forward(tokens)));
        hidden = _feedForwardOut.forward(nn.functional.dropout(hidden, _dropout, training));
        tokens = tokens + nn.functional.dropout(hidden, _dropout, training);
        return (tokens, attention);
    }
}
