namespace Membership.Web.Hosting;

/// <summary>
/// <c>dotnet Membership.Web.dll healthcheck</c>: the container's HEALTHCHECK (the runtime image has no curl).
/// Asks this container's instance for <c>/healthz</c> on the loopback management port; exit 0 when it answers 200.
/// </summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync()
    {
        var port = Environment.GetEnvironmentVariable("Membership__ManagementPort") is { Length: > 0 } set && set != "0"
            ? set
            : OperationalEndpoints.DefaultManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
