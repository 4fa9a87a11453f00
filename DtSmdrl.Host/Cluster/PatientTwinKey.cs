namespace DtSmdrl.Host.Cluster;

/// <summary>
/// The compound string key of a patient's twin grain: "{tenant}/{patient id}". The tenant (Cluster:Tenant) has no
/// '/', so everything after the first '/' is the patient id, whatever characters it holds.
/// </summary>
public readonly record struct PatientTwinKey(string Tenant, string PatientId)
{
    public override string ToString() => $"{Tenant}/{PatientId}";

    public static PatientTwinKey Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1)
            throw new FormatException("A patient twin grain key is '{tenant}/{patient id}'.");
        return new PatientTwinKey(key[..slash], key[(slash + 1)..]);
    }
}
