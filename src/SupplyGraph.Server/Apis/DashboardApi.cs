namespace SupplyGraph.Server.Apis;

/// <summary>
/// The dashboard: one page and its script and style, compiled into the server (no CDN), so every way of running the
/// server — <c>dotnet run</c>, the container, the tests — serves the same files. The script is the esbuild bundle of
/// src/SupplyGraph.Dashboard (with cytoscape and @microsoft/signalr), committed built so that no node is needed here.
/// Its data comes from the API and the hub, with the user's key.
/// </summary>
public static class DashboardApi
{
    private static readonly (string Route, string Resource, string ContentType)[] Files =
    [
        ("/", "dashboard/index.html", "text/html; charset=utf-8"),
        ("/dashboard/app.js", "dashboard/app.js", "text/javascript; charset=utf-8"),
        ("/dashboard/app.css", "dashboard/app.css", "text/css; charset=utf-8"),
    ];

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        foreach (var (route, resource, contentType) in Files)
        {
            var bytes = Read(resource);
            app.MapGet(route, () => Results.Bytes(bytes, contentType)).AllowAnonymous().ExcludeFromDescription();
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(DashboardApi).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the dashboard file {resource} is not compiled into the server");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
