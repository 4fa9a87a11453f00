using System.Net;
using System.Net.Sockets;
using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Storage;
using DtSmdrl.Host.Tests.Web.CdsHooks;
using DtSmdrl.Host.Web.CdsHooks;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Tests.Cluster;

/// <summary>`serve --cluster`: the web host is a silo, readiness shows the membership, CDS Hooks answer from the twin grain.</summary>
[TestClass]
public sealed class ClusterCdsHooksTests
{
    [TestMethod]
    public async Task PatientViewAnswersFromTheTwinGrainAndReadinessShowsTheMembership()
    {
        var (siloPort, gatewayPort) = (FreePort(), FreePort());
        await using var clinic = await CdsClinic.StartAsync(new()
        {
            ["Cluster:Enabled"] = "true", ["Cluster:SiloPort"] = $"{siloPort}", ["Cluster:PrimarySiloPort"] = $"{siloPort}", ["Cluster:GatewayPort"] = $"{gatewayPort}",
        });
        var database = clinic.Web.App.Services.GetRequiredService<Database>();
        var patientId = clinic.Patients[0].PatientId;
        var first = new RecommendationStore(database).ForPatient(patientId).Single();
        var newer = database.Write(t => RecommendationStore.Append(t, first with { Id = 0, CreatedAtMs = first.CreatedAtMs + 1 }));

        // The grain's persisted state holds the first one: the hook answers from the grain, not from the store's newest row.
        var twin = clinic.Web.App.Services.GetRequiredService<PatientFanOut>().Twin(patientId);
        await new StoreGrainStorage(database, "dtsmdrl").WriteStateAsync("twin", twin.GetGrainId(),
            new GrainState<PatientTwinState> { State = new PatientTwinState(null, [], first) });
        var (status, body, _) = await clinic.PostAsync("/cds-services/" + CdsServiceCatalog.PatientViewId, CdsClinic.PatientView(clinic.Patients[0]).ToJsonString());
        Assert.AreEqual(200, status, body?.ToJsonString());
        Assert.AreEqual(CardIds.For("patient-view", first.Id).ToString(), (string?)body!["cards"]![0]!["uuid"], $"not the store's newest ({newer})");

        var ready = await clinic.Web.Client.GetStringAsync("/health/ready");
        StringAssert.Contains(ready, $"cluster: Healthy (cluster dtsmdrl (localhost): 1 active silo(s) [S127.0.0.1:{siloPort}:");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
