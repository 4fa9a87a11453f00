namespace DtSmdrl.Pipeline.Twin.Calibration;

/// <summary>The guideline arms the calibration runs (twin-models.md sections 1, 4 and 7).</summary>
public enum StandardOfCare
{
    /// <summary>Pembrolizumab 200 mg every 3 weeks until progression, at most 35 cycles (held during a grade >= 3 irAE).</summary>
    Pembrolizumab = 0,

    /// <summary>
    /// Platinum-doublet-like chemotherapy (docetaxel stand-in) for up to the configured number of cycles
    /// until progression; a cycle is delayed when the pre-cycle ANC is below 1.5 x 10^9/L, and the dose
    /// drops one level (75%) for the rest of the course after grade 4 neutropenia.
    /// </summary>
    PlatinumChemotherapy = 1,

    /// <summary>EGFR kinase inhibitor daily until progression.</summary>
    EgfrTki = 2,
}
