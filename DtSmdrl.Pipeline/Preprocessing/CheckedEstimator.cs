using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Preprocessing;

/// <summary>
/// A DtSmdrl featuriser: a chain of ML.NET's own transforms (plus registered custom mappings) with an
/// input check in front. <see cref="GetOutputSchema"/> and <see cref="Fit"/> fail early with a message
/// naming the column, the expected type and the actual type. The fitted transformer is ML.NET's own
/// <see cref="TransformerChain{T}"/>, so <c>mlContext.Model.Save</c> writes it natively.
/// </summary>
public sealed class CheckedEstimator : IEstimator<ITransformer>
{
    private readonly IEstimator<ITransformer> _inner;

    internal CheckedEstimator(string component, IReadOnlyList<InputColumn> requiredColumns, IEstimator<ITransformer> inner)
    {
        Component = component;
        RequiredColumns = requiredColumns;
        _inner = inner;
    }

    /// <summary>Name used in error messages, e.g. "DtSmdrl.FeaturizeLabs".</summary>
    public string Component { get; }

    /// <summary>The input columns this featuriser reads.</summary>
    public IReadOnlyList<InputColumn> RequiredColumns { get; }

    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        PatientInputColumns.Check(input.Schema, RequiredColumns, Component);
        return _inner.Fit(input);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        foreach (var column in RequiredColumns) column.Check(inputSchema, Component);
        return _inner.GetOutputSchema(inputSchema);
    }
}
