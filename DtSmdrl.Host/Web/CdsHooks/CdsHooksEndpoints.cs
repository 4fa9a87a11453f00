using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>
/// The CDS Hooks 2.0 endpoints: discovery (GET /cds-services), the two hooks (POST /cds-services/{id}) and
/// feedback (POST /cds-services/{id}/feedback), with JWT checks, CORS for the configured origins and an
/// OperationOutcome body on every 400/401/404/412/503.
/// </summary>
public static class CdsHooksEndpoints
{
    public static IServiceCollection AddCdsHooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CdsHooksOptions>().Bind(configuration.GetSection(CdsHooksOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<CdsHooksOptions>, CdsHooksOptionsValidator>();
        services.AddHttpClient(JwksCache.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        services.AddHttpClient(PrefetchResolver.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<JwksCache>();
        services.AddSingleton<JtiReplayGuard>();
        services.AddSingleton<CdsJwtValidator>();
        services.AddSingleton<PrefetchResolver>();
        services.AddSingleton<CdsHooksService>();
        services.AddSingleton<CdsFeedback>();
        services.AddHostedService<CdsHooksWarmUp>();
        return services;
    }

    /// <summary>The web host extensions of `dtsmdrl serve` (and of `bench`): the CDS Hooks services and endpoints.</summary>
    public static WebHostExtensions Extensions(bool withJobs = false) => new()
    {
        WithJobs = withJobs,
        Services = builder => builder.Services.AddCdsHooks(builder.Configuration),
        Endpoints = endpoints => endpoints.MapCdsHooks(),
    };

    /// <summary>Maps the endpoints when CdsHooks:Enabled is true (resolving, so validating, the options).</summary>
    public static IEndpointRouteBuilder MapCdsHooks(this IEndpointRouteBuilder endpoints)
    {
        var settings = endpoints.ServiceProvider.GetRequiredService<IOptions<CdsHooksOptions>>().Value;
        if (!settings.Enabled) return endpoints;
        endpoints.MapGet("/cds-services", (HttpContext http) =>
        {
            Cors(http, settings);
            return Results.Json(CdsServiceCatalog.Discovery());
        });
        endpoints.MapPost("/cds-services/{id}", (HttpContext http, string id) => HookAsync(http, id, settings));
        endpoints.MapPost("/cds-services/{id}/feedback", (HttpContext http, string id) => FeedbackAsync(http, id, settings));
        foreach (var pattern in new[] { "/cds-services", "/cds-services/{id}", "/cds-services/{id}/feedback" })
            endpoints.MapMethods(pattern, ["OPTIONS"], (HttpContext http) =>
            {
                Cors(http, settings);
                return Results.NoContent();
            });
        return endpoints;
    }

    private static async Task<IResult> HookAsync(HttpContext http, string id, CdsHooksOptions settings)
    {
        Cors(http, settings);
        var logger = Logger(http);
        var clock = Stopwatch.StartNew();
        var hook = CdsServiceCatalog.HookOf(id);
        if (hook is null) return Outcome(404, OperationOutcome.IssueType.NotFound, $"no CDS service '{id}'; see GET /cds-services");
        // The budget covers the whole call, the token check (a JWKS fetch) included.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        budget.CancelAfter(settings.TimeBudgetMilliseconds);
        try
        {
            var caller = await http.RequestServices.GetRequiredService<CdsJwtValidator>().ValidateAsync(http.Request.Headers.Authorization, Endpoint(http, settings), budget.Token);
            if (!caller.IsValid)
            {
                logger.LogWarning("CDS Hooks call refused: {Reason}", caller.Failure);
                return Unauthorized(http, caller.Failure!);
            }
            var body = await ReadJsonAsync(http, budget.Token);
            var request = CdsHookRequest.Parse(body, hook);
            var answer = await http.RequestServices.GetRequiredService<CdsHooksService>().AnswerAsync(hook, request, BaseUrl(http, settings), budget.Token);
            logger.LogInformation("CDS Hooks {Hook} answered {Cards} card(s) in {Milliseconds} ms", hook, answer["cards"]!.AsArray().Count, clock.ElapsedMilliseconds);
            return Results.Json(answer);
        }
        catch (CdsHookException e)
        {
            // The reason can quote a resource id or value from the EHR: it goes back in the OperationOutcome, not into the log.
            logger.LogWarning("CDS Hooks {Hook} call answered {Status}", hook, e.Status);
            return Outcome(e.Status, e.Status == 412 ? OperationOutcome.IssueType.Incomplete : OperationOutcome.IssueType.Invalid, e.Message);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("CDS Hooks {Hook} call over its time budget of {Budget} ms", hook, settings.TimeBudgetMilliseconds);
            return Outcome(503, OperationOutcome.IssueType.Timeout, $"the call took longer than the time budget of {settings.TimeBudgetMilliseconds} ms (CdsHooks:TimeBudgetMilliseconds)");
        }
    }

    private static async Task<IResult> FeedbackAsync(HttpContext http, string id, CdsHooksOptions settings)
    {
        Cors(http, settings);
        var hook = CdsServiceCatalog.HookOf(id);
        if (hook is null) return Outcome(404, OperationOutcome.IssueType.NotFound, $"no CDS service '{id}'; see GET /cds-services");
        var validator = http.RequestServices.GetRequiredService<CdsJwtValidator>();
        // The spec's "aud" is the service endpoint; a client may also name the feedback URL itself.
        var endpoint = Endpoint(http, settings);
        var caller = await validator.ValidateAsync(http.Request.Headers.Authorization, endpoint, http.RequestAborted);
        if (!caller.IsValid && caller.Failure!.StartsWith("aud ", StringComparison.Ordinal))
            caller = await validator.ValidateAsync(http.Request.Headers.Authorization, endpoint[..^"/feedback".Length], http.RequestAborted);
        if (!caller.IsValid)
        {
            Logger(http).LogWarning("CDS Hooks feedback refused: {Reason}", caller.Failure);
            return Unauthorized(http, caller.Failure!);
        }
        try
        {
            var count = http.RequestServices.GetRequiredService<CdsFeedback>().Record(hook, await ReadJsonAsync(http, http.RequestAborted), caller);
            Logger(http).LogInformation("CDS Hooks feedback: {Count} decision(s) recorded for {Hook}", count, hook);
            return Results.Json(new JsonObject());
        }
        catch (CdsHookException e)
        {
            return Outcome(e.Status, OperationOutcome.IssueType.Invalid, e.Message);
        }
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpContext http, CancellationToken cancel)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, default, cancel);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CdsHookException(400, $"(body): not JSON ({e.Message.Split(" LineNumber", 2)[0]})");
        }
    }

    /// <summary>The called URL as the JWT's "aud" must name it: CdsHooks:PublicBaseUrl (or the request's own origin) + path.</summary>
    private static string Endpoint(HttpContext http, CdsHooksOptions settings) => BaseUrl(http, settings).TrimEnd('/') + http.Request.Path;

    private static string BaseUrl(HttpContext http, CdsHooksOptions settings) =>
        settings.PublicBaseUrl is { Length: > 0 } configured ? configured : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static void Cors(HttpContext http, CdsHooksOptions settings)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || settings.CorsOrigins.Count == 0) return;
        var any = settings.CorsOrigins.Contains("*");
        if (!any && !settings.CorsOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase)) return;
        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = any ? "*" : origin;
        headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
        headers.AccessControlAllowHeaders = "Authorization, Content-Type";
        headers.Vary = "Origin";
    }

    private static IResult Unauthorized(HttpContext http, string reason)
    {
        http.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{reason.Replace("\"", "'", StringComparison.Ordinal)}\"";
        return Outcome(401, OperationOutcome.IssueType.Security, reason);
    }

    /// <summary>An OperationOutcome with one error issue.</summary>
    public static IResult Outcome(int status, OperationOutcome.IssueType type, string diagnostics)
    {
        var outcome = new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = type, Diagnostics = diagnostics }],
        };
        return Results.Text(outcome.ToJson(), "application/fhir+json", statusCode: status);
    }

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DtSmdrl.Host.Web.CdsHooks");
}
