namespace DtSmdrl.Pipeline.Study.Example;

/// <summary>An open-loop plan shown for the example patient: a label, why it is shown, and one action index per cycle.</summary>
/// <param name="Name">Label in the figure and CSV, e.g. "DT-SMDRL recommended".</param>
/// <param name="Actions">Action index per decision cycle.</param>
public sealed record ExamplePlan(string Name, int[] Actions);
