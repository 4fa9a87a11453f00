namespace DtSmdrl.Pipeline.Twin;

/// <summary>The drug classes of the first twin's action space (twin-models.md section 1).</summary>
public enum DrugClass
{
    /// <summary>Cytotoxic chemotherapy, docetaxel-like, IV on day 1 of a 21-day cycle.</summary>
    Chemotherapy = 0,

    /// <summary>EGFR kinase inhibitor, erlotinib-like, oral once daily while given.</summary>
    Targeted = 1,

    /// <summary>Immune checkpoint antibody, pembrolizumab-like, IV on day 1 of a 21-day cycle.</summary>
    Immunotherapy = 2,
}
