using DtSmdrl.Plugins.Contracts.Safety;

namespace DtSmdrl.SamplePlugin;

/// <summary>Deliberately faulty: its constructor throws. Discovery must refuse it and carry on.</summary>
public sealed class ThrowingConstructorRiskMeasure : IRiskMeasure
{
    /// <summary>Always throws.</summary>
    public ThrowingConstructorRiskMeasure() => throw new InvalidOperationException("sample plugin failure in the constructor");

    /// <inheritdoc/>
    public string Name => "throwing-constructor";

    /// <inheritdoc/>
    public double Measure(RiskSample sample) => 0;
}

/// <summary>Deliberately faulty: reading its Name throws. Discovery must refuse it and carry on.</summary>
public sealed class ThrowingNameRiskMeasure : IRiskMeasure
{
    /// <inheritdoc/>
    public string Name => throw new InvalidOperationException("sample plugin failure in Name");

    /// <inheritdoc/>
    public double Measure(RiskSample sample) => 0;
}

/// <summary>Deliberately faulty: takes the name of a built-in, which must keep it.</summary>
public sealed class ImpostorCvarRiskMeasure : IRiskMeasure
{
    /// <inheritdoc/>
    public string Name => "cvar";

    /// <inheritdoc/>
    public double Measure(RiskSample sample) => 0;
}
