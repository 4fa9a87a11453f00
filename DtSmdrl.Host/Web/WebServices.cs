using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Web;

/// <summary>The clinician page's services (the store, engine and options come from the shared registrations).</summary>
public static class WebServices
{
    public static IServiceCollection AddClinicianPages(this IServiceCollection services)
    {
        services.AddSingleton<PatientList>();
        services.AddSingleton<PatientPage>();
        services.AddSingleton<OutcomeRecorder>();
        return services;
    }
}
