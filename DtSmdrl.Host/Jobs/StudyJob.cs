using DtSmdrl.Host.Cli;
using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Options;
using DtSmdrl.Pipeline.Study;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// `study`: the periodic benchmark, `dtsmdrl study` with StudyJob settings, into a folder per run. One step. With
/// Cluster:Enabled the perfect-information search fans out to the cluster (<paramref name="cluster"/> is registered
/// only then); the rest of the study runs in this process.
/// </summary>
public sealed class StudyJob(IOptions<StudyJobOptions> options, ClusterPerfectInformationSolver? cluster = null) : IJob
{
    public string Name => JobNames.Study;

    public string Run(JobContext context)
    {
        var settings = options.Value;
        var output = Path.Combine(settings.OutputFolder, $"run-{context.RunId}");
        context.Step();
        var code = StudyCommand.Run(StudyProfile.Parse(settings.Profile), settings.Seed, output, settings.CohortFolder, settings.Threads, progress: false,
            cluster: cluster);
        if (code != 0) throw new InvalidOperationException($"the study exited with code {code}");
        context.Read++;
        context.Written++;
        return $"study ({settings.Profile}, seed {settings.Seed}) written to {Path.GetFullPath(output)}";
    }
}
