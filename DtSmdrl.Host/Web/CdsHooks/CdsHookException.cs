namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>A hook call that cannot be answered with cards: the HTTP status and the reason for the OperationOutcome.</summary>
public sealed class CdsHookException(int status, string reason) : Exception(reason)
{
    public int Status { get; } = status;
}
