using DtSmdrl.Pipeline.Data.Fhir;
using DtSmdrl.Pipeline.Data.Records;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>
/// Maps one made-up bundle at start-up, so the first hook call does not pay for loading the FHIR model, the
/// JSON schema and the JIT (that first call took over the 400 ms budget without it).
/// </summary>
public sealed class CdsHooksWarmUp(IOptions<CdsHooksOptions> options) : IHostedService
{
    public System.Threading.Tasks.Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return System.Threading.Tasks.Task.CompletedTask;
        var record = new PatientRecord
        {
            PatientId = "warm-up",
            Labs = new LabPanel { CollectedAt = DateTimeOffset.UnixEpoch, Anc10e9PerL = 4 },
            Imaging = new ImagingStudy { AcquiredAt = DateTimeOffset.UnixEpoch, LesionDiametersMm = [20] },
        };
        var bundle = PatientRecordFhirWriter.ToBundle(record);
        var resources = PrefetchResolver.Parse("warm-up", Hl7.Fhir.Serialization.PocoSerializationExtensions.ToJson(bundle, false));
        _ = new FhirPatientImport().FromResources("warm-up", resources, []);
        return System.Threading.Tasks.Task.CompletedTask;
    }

    public System.Threading.Tasks.Task StopAsync(CancellationToken cancellationToken) => System.Threading.Tasks.Task.CompletedTask;
}
