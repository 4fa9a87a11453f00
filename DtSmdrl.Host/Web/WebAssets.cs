using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DtSmdrl.Host.Web;

/// <summary>
/// The page's stylesheet and script, embedded in this assembly and served from /assets/ (no CDN, no static-files
/// folder to deploy beside the binary, nothing to build).
/// </summary>
public static class WebAssets
{
    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Files = new(StringComparer.Ordinal)
    {
        ["site.css"] = ("text/css; charset=utf-8", Read("site.css")),
        ["site.js"] = ("text/javascript; charset=utf-8", Read("site.js")),
    };

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/assets/{name}", (string name, HttpContext context) =>
        {
            if (!Files.TryGetValue(name, out var file)) return Results.NotFound();
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(file.Bytes, file.ContentType);
        });

    private static byte[] Read(string name)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream("DtSmdrl.Host.Web.Assets." + name)
            ?? throw new InvalidOperationException($"Embedded asset '{name}' is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
