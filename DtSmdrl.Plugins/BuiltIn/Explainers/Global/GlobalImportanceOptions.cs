namespace DtSmdrl.Plugins.BuiltIn.Explainers.Global;

/// <summary>Settings of the study's global importance: explained test patients, background training patients, KernelSHAP coalitions per patient.</summary>
public sealed record GlobalImportanceOptions(int Patients = 40, int BackgroundPatients = 16, int Samples = 256)
{
    /// <summary>Checks every field; the message names it.</summary>
    public void Validate()
    {
        if (Patients < 1) throw new ArgumentOutOfRangeException(nameof(Patients), Patients, "Explain at least one patient.");
        if (BackgroundPatients < 1) throw new ArgumentOutOfRangeException(nameof(BackgroundPatients), BackgroundPatients, "Need at least one background patient.");
        if (Samples < 2) throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "KernelSHAP needs at least 2 coalitions.");
    }
}
