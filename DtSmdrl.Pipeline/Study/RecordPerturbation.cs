using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Study;

/// <summary>Degrades an observed record the way the robustness checks need (the true patient is unchanged).</summary>
public static class RecordPerturbation
{
    /// <summary>The modalities that may be removed (the free-text note is left alone: no method reads it).</summary>
    public static IReadOnlyList<string> Removable { get; } = ["clinical", "labs", "omics", "imaging", "signals", "history"];

    /// <summary>Removes each present modality of <see cref="Removable"/> with probability <paramref name="fraction"/>.</summary>
    public static PatientRecord RemoveModalities(PatientRecord record, double fraction, Random rng)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(fraction is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction of removed modalities must be in [0, 1].");
        var r = record;
        foreach (var modality in Removable)
        {
            var present = modality switch
            {
                "clinical" => r.Clinical is not null,
                "labs" => r.Labs is not null,
                "omics" => r.Omics is not null,
                "imaging" => r.Imaging is not null,
                "signals" => r.Signals is not null,
                _ => r.History is not null,
            };
            if (!present || rng.NextDouble() >= fraction) continue;
            r = modality switch
            {
                "clinical" => r with { Clinical = null },
                "labs" => r with { Labs = null },
                "omics" => r with { Omics = null },
                "imaging" => r with { Imaging = null },
                "signals" => r with { Signals = null },
                _ => r with { History = null },
            };
        }
        return r;
    }
}
