using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>Thrown in fail-fast mode (and for unreadable files): carries the error that stopped the load.</summary>
public sealed class DataValidationException(RecordError error) : Exception(error.ToString())
{
    public RecordError Error { get; } = error;
}
