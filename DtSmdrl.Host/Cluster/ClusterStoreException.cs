namespace DtSmdrl.Host.Cluster;

/// <summary>
/// A store failure inside a grain, carried back to the caller as one serializable type (the providers' own
/// DbException types are not Orleans-serializable). Like a DbException in process, it fails the job run instead of
/// quarantining the patient: the input is not at fault.
/// </summary>
[GenerateSerializer, Alias("dtsmdrl.cluster-store-exception")]
public sealed class ClusterStoreException : Exception
{
    public ClusterStoreException() { }

    public ClusterStoreException(string message) : base(message) { }

    public ClusterStoreException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Runs store work, turning a DbException into this exception.</summary>
    public static T Guard<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (System.Data.Common.DbException e)
        {
            throw new ClusterStoreException($"store failure in a grain ({e.GetType().Name}): {e.Message}");
        }
    }
}
