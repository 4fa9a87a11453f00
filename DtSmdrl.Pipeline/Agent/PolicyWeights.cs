using TorchSharp;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// A copy of an <see cref="ActorCritic"/>'s parameters as plain float arrays in a fixed order, so that
/// meta-learning can average and interpolate weights without holding tensors.
/// </summary>
public sealed class PolicyWeights
{
    private PolicyWeights(NetworkShape shape, string[] names, long[][] shapes, float[][] values)
    {
        Shape = shape;
        Names = names;
        Shapes = shapes;
        Values = values;
    }

    /// <summary>The architecture these weights belong to.</summary>
    public NetworkShape Shape { get; }
    /// <summary>Parameter names in module order.</summary>
    public IReadOnlyList<string> Names { get; }
    /// <summary>Tensor shape per parameter.</summary>
    public IReadOnlyList<long[]> Shapes { get; }
    /// <summary>Values per parameter (row-major).</summary>
    public IReadOnlyList<float[]> Values { get; }

    /// <summary>Copies the parameters of a network.</summary>
    public static PolicyWeights Capture(ActorCritic network)
    {
        var names = new List<string>();
        var shapes = new List<long[]>();
        var values = new List<float[]>();
        foreach (var (name, parameter) in network.named_parameters())
        {
            names.Add(name);
            shapes.Add(parameter.shape);
            values.Add(parameter.detach().cpu().data<float>().ToArray());
        }
        return new PolicyWeights(network.Shape, [.. names], [.. shapes], [.. values]);
    }

    /// <summary>Writes these values into a network of the same shape.</summary>
    public void ApplyTo(ActorCritic network)
    {
        if (network.Shape != Shape)
            throw new ArgumentException($"Weights are for {Shape}, the network is {network.Shape}.", nameof(network));
        using var _ = no_grad();
        var i = 0;
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (name != Names[i])
                throw new ArgumentException($"Parameter {i} is '{name}' in the network but '{Names[i]}' in the weights.", nameof(network));
            using var source = tensor(Values[i], Shapes[i]);
            parameter.copy_(source);
            i++;
        }
    }

    /// <summary>this + step * (mean of <paramref name="targets"/> - this): the Reptile outer update.</summary>
    public PolicyWeights MoveTowards(IReadOnlyList<PolicyWeights> targets, double step)
    {
        if (targets.Count == 0)
            throw new ArgumentException("Need at least one target.", nameof(targets));
        foreach (var target in targets)
            if (target.Shape != Shape)
                throw new ArgumentException($"Target weights are for {target.Shape}, these are for {Shape}.", nameof(targets));
        var result = new float[Values.Count][];
        for (var p = 0; p < Values.Count; p++)
        {
            var current = Values[p];
            var moved = new float[current.Length];
            for (var k = 0; k < current.Length; k++)
            {
                double mean = 0;
                foreach (var target in targets)
                    mean += target.Values[p][k];
                mean /= targets.Count;
                moved[k] = (float)(current[k] + step * (mean - current[k]));
            }
            result[p] = moved;
        }
        return new PolicyWeights(Shape, [.. Names], [.. Shapes], result);
    }
}
