using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Operations;

/// <summary>
/// The real program on real Kestrel: /metrics, /docs and /openapi/v1.json on the management port only in
/// Production; Development keeps /docs and /openapi on the public port too.
/// </summary>
public sealed class ManagementPortTests : IAsyncLifetime
{
    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task In_Production_the_operational_endpoints_answer_on_the_management_port_and_not_on_the_public_one()
    {
        await using var service = await RunningService.StartAsync(_database!.ConnectionString, "Production");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        foreach (var path in new[] { "/metrics", "/docs", "/openapi/v1.json" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(service.PublicUrl + path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(service.ManagementUrl + path)).StatusCode);
        }
        var metrics = await http.GetStringAsync(service.ManagementUrl + "/metrics");
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", metrics, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await http.GetStringAsync(service.ManagementUrl + "/openapi/v1.json"));
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/v1/entitlements/{readerId}", out _));

        // The public port keeps serving the service; the management port serves nothing of it.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(service.PublicUrl + "/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(service.ManagementUrl + "/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(service.PublicUrl + "/adfree.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(service.ManagementUrl + "/adfree.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(service.ManagementUrl + "/account/login")).StatusCode);
        // A Host header naming the management port changes nothing: the port the request came in on decides.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, service.PublicUrl + "/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{service.ManagementPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed)).StatusCode);
    }

    [Fact]
    public async Task In_Development_docs_and_the_document_stay_on_the_public_port_while_metrics_do_not()
    {
        await using var service = await RunningService.StartAsync(_database!.ConnectionString, "Development");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(service.PublicUrl + "/docs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(service.PublicUrl + "/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(service.PublicUrl + "/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(service.ManagementUrl + "/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(service.ManagementUrl + "/docs")).StatusCode);
    }

    private sealed class RunningService : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _output;

        private RunningService(Process process, Task<string> output, int port, int managementPort)
        {
            _process = process;
            _output = output;
            PublicUrl = $"http://127.0.0.1:{port}";
            ManagementPort = managementPort;
            ManagementUrl = $"http://127.0.0.1:{managementPort}";
        }

        public string PublicUrl { get; }
        public string ManagementUrl { get; }
        public int ManagementPort { get; }

        public static async Task<RunningService> StartAsync(string connectionString, string environment)
        {
            var port = FreePort();
            var managementPort = FreePort();
            var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
                start.Environment.Remove(key);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
            start.Environment["ConnectionStrings__Membership"] = connectionString;
            start.Environment["Membership__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["Membership__ManagementPort"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["Membership__PublicUrl"] = $"http://127.0.0.1:{port}";
            start.Environment["Membership__SiteOrigins"] = $"http://127.0.0.1:{port}";
            start.Environment["Membership__DemoAdServer"] = "false";
            start.Environment["Stripe__SecretKey"] = "sk_test_emulator";
            start.Environment["Stripe__WebhookSecret"] = "whsec_emulator";
            start.Environment["Stripe__ApiBase"] = "http://127.0.0.1:9";
            start.Environment["Billing__ProcessEvents"] = "false";
            start.Environment["Billing__SyncCatalogAtStart"] = "false";
            start.Environment["Billing__ScheduledSync"] = "false";
            start.Environment["Smtp__PickupDirectory"] = Path.Combine(Path.GetTempPath(), "membership-tests-mail");
            var process = Process.Start(start)!;
            var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync())
                .ContinueWith(t => string.Join('\n', t.Result), TaskScheduler.Default);
            var service = new RunningService(process, output, port, managementPort);
            await service.WaitUntilReadyAsync();
            return service;
        }

        private async Task WaitUntilReadyAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                await Eventually.UntilAsync(async () =>
                {
                    try
                    {
                        return _process.HasExited
                            || (await http.GetAsync(PublicUrl + "/readyz")).IsSuccessStatusCode && (await http.GetAsync(ManagementUrl + "/healthz")).IsSuccessStatusCode;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return false; // not listening yet, or too busy starting to answer within the client's timeout
                    }
                }, "the service to be ready on both ports", TimeSpan.FromSeconds(90));
                if (!_process.HasExited)
                    return;
            }
            catch (TimeoutException)
            {
                // reported below with the service's output
            }
            await DisposeAsync();
            throw new InvalidOperationException($"The service did not become ready on both ports: {await _output}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
