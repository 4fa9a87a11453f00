namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// A patient's grade >= 3 event windows in solver steps, [onset, end) each, -1 when no event of the kind has begun
/// (<see cref="NsclcBatchSimulator.NextCycleEvents"/>). Two replicates on the same trajectory with equal windows
/// follow the same trajectory through the cycle.
/// </summary>
/// <param name="IraeOnset">First step of the latest immune-related event.</param>
/// <param name="IraeEnd">First step after it.</param>
/// <param name="TargetedOnset">First step of the latest targeted-therapy event.</param>
/// <param name="TargetedEnd">First step after it.</param>
public readonly record struct NsclcEventWindows(long IraeOnset, long IraeEnd, long TargetedOnset, long TargetedEnd);
