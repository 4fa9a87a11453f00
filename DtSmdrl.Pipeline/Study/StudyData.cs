namespace DtSmdrl.Pipeline.Study;

/// <summary>What methods may learn from: training and validation patients and their retrospective courses.</summary>
public sealed record StudyData(
    IReadOnlyList<StudyPatient> Train,
    IReadOnlyList<StudyPatient> Validation,
    IReadOnlyList<RetrospectiveCourse> TrainCourses,
    IReadOnlyList<RetrospectiveCourse> ValidationCourses);
