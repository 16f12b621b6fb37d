using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using Stripe;
using File = System.IO.File;

namespace Membership.Bench.Drill;

/// <summary>
/// <c>./build.sh drill</c>: two instances behind nginx (infra/nginx.conf), the Stripe emulator and PostgreSQL,
/// all on loopback, then four faults under site read load: kill -9 of an instance during a webhook burst, a
/// PostgreSQL restart, SIGTERM of an instance during a burst, and a Stripe that hangs. Prints a table and
/// answers non-zero when a target is missed.
/// </summary>
internal static class FaultDrill
{
    private const string SiteKey = "site_drill_key_0123456789abcdef";
    private const double MatchTarget = 5.0;
    private static readonly TimeSpan PostgresDownFor = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StripeHangsFor = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string server)
    {
        var web = Required("DRILL_WEB_DLL");
        var emulatorDll = Required("DRILL_EMULATOR_DLL");
        var contentRoot = Required("DRILL_CONTENT_ROOT");
        var work = Required("DRILL_WORK");
        var nginxSite = Required("DRILL_NGINX_CONF");
        var pgStop = Required("DRILL_PG_STOP");
        var pgStart = Required("DRILL_PG_START");
        Directory.CreateDirectory(work);

        var database = $"drill_{Guid.NewGuid():N}";
        var connectionString = await BenchDatabase.CreateAsync(server, database);
        var proxyPort = FreePort();
        var proxy = new Uri($"http://127.0.0.1:{proxyPort}");
        var emulatorPort = FreePort();
        var emulatorUrl = $"http://127.0.0.1:{emulatorPort}";
        var inherited = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };

        await using var emulator = new DrillProcess("emulator", "dotnet", [emulatorDll], new Dictionary<string, string>(inherited)
        {
            ["Emulator__Port"] = emulatorPort.ToString(CultureInfo.InvariantCulture),
            ["Emulator__WebhookUrl"] = proxy + "webhooks/stripe",
            // Stripe retries a failed delivery within minutes to hours; the drill measures the service, not that wait.
            ["Emulator__WebhookMaxRetryDelay"] = "00:00:02",
        }, work);
        var a = Instance("instance-a", web, contentRoot, connectionString, proxy, emulatorUrl, work, inherited);
        var b = Instance("instance-b", web, contentRoot, connectionString, proxy, emulatorUrl, work, inherited);
        await using var instanceA = a.Process;
        await using var instanceB = b.Process;
        await using var nginx = await StartNginxAsync(nginxSite, work, proxyPort, a.Port, b.Port);
        var results = new List<FaultResult>();
        try
        {
            emulator.Start();
            await WaitAsync($"{emulatorUrl}/v1/customers", TimeSpan.FromSeconds(60), expectAnyAnswer: true);
            instanceA.Start();
            await WaitReadyAsync(a.Port);
            instanceB.Start();
            await WaitReadyAsync(b.Port);
            await WaitAsync(proxy + "readyz", TimeSpan.FromSeconds(30));
            Say($"two instances (:{a.Port}, :{b.Port}) behind nginx on {proxy}, the emulator on {emulatorUrl}");

            using var stripeHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var stripe = new StripeClient(new StripeClientOptions
            {
                ApiKey = "sk_test_emulator",
                ApiBase = emulatorUrl,
                HttpClient = new SystemNetHttpClient(stripeHttp, maxNetworkRetries: 0),
            });
            var state = new DrillStripe(stripe, connectionString);
            Say("subscribing 40 readers through the emulator");
            await state.SetUpAsync(40, CancellationToken.None);
            var ports = new[] { a.Port, b.Port };
            if (await SecondsUntilMatchAsync(state, ports, TimeSpan.FromSeconds(60)) is null)
                throw new InvalidOperationException("setup: the instances did not show the 40 subscriptions within 60 s");

            await using var load = new ReaderLoad(proxy, SiteKey, state.Readers, loops: 6);
            load.Start();
            var readers = state.Readers;
            var burst = 0;
            IEnumerable<Guid> NextBurst() => readers.Skip(burst++ * 10 % readers.Count).Take(16);

            Say("fault 1: kill -9 an instance during a webhook burst");
            {
                var from = load.Now;
                var flips = state.ToggleAsync(NextBurst(), CancellationToken.None);
                await Task.Delay(300);
                await instanceA.KillAsync();
                await flips;
                var match = await SecondsUntilMatchAsync(state, [b.Port], TimeSpan.FromSeconds(60));
                instanceA.Start();
                await WaitReadyAsync(a.Port);
                await Task.Delay(2000); // nginx takes the instance back; reads keep flowing through it
                results.Add(new FaultResult("kill -9 an instance during a webhook burst", load.Requests, load.ErrorsBetween(from, load.Now), match, null, ZeroErrors: true));
            }

            Say($"fault 2: PostgreSQL stopped for {PostgresDownFor.TotalSeconds:0} s under read load");
            {
                var from = load.Now;
                await Shell(pgStop);
                await Task.Delay(PostgresDownFor);
                await Shell(pgStart);
                NpgsqlConnection.ClearAllPools(); // the drill's own connections died with the server
                // Changes made right after the database is back reach every instance within the target.
                var flips = state.ToggleAsync(NextBurst(), CancellationToken.None);
                await flips;
                var match = await SecondsUntilMatchAsync(state, ports, TimeSpan.FromSeconds(60));
                await Task.Delay(2000);
                results.Add(new FaultResult($"PostgreSQL restart ({PostgresDownFor.TotalSeconds:0} s down) under reads", load.Requests, load.ErrorsBetween(from, load.Now), match, null, ZeroErrors: false));
            }

            Say("fault 3: SIGTERM an instance during a webhook burst");
            {
                var from = load.Now;
                var flips = state.ToggleAsync(NextBurst(), CancellationToken.None);
                await Task.Delay(300);
                await instanceB.StopAsync(TimeSpan.FromSeconds(60));
                var leased = await RowsLeftLeasedAsync(connectionString);
                await flips;
                var match = await SecondsUntilMatchAsync(state, [a.Port], TimeSpan.FromSeconds(60));
                instanceB.Start();
                await WaitReadyAsync(b.Port);
                await Task.Delay(2000);
                results.Add(new FaultResult("SIGTERM an instance during a webhook burst", load.Requests, load.ErrorsBetween(from, load.Now), match, leased, ZeroErrors: true));
            }

            Say($"fault 4: Stripe hangs for {StripeHangsFor.TotalSeconds:0} s right after a burst");
            {
                var from = load.Now;
                await state.ToggleAsync(NextBurst(), CancellationToken.None);
                await emulator.SignalAsync("STOP");
                await Task.Delay(StripeHangsFor);
                await emulator.SignalAsync("CONT");
                var match = await SecondsUntilMatchAsync(state, ports, TimeSpan.FromSeconds(90));
                results.Add(new FaultResult($"Stripe hangs ({StripeHangsFor.TotalSeconds:0} s) after a burst", load.Requests, load.ErrorsBetween(from, load.Now), match, null, ZeroErrors: true));
            }
            Print(results, work);
            return results.All(r => r.Met) ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await BenchDatabase.DropAsync(server, database);
        }
    }

    private static (DrillProcess Process, int Port) Instance(
        string name, string web, string contentRoot, string connectionString, Uri proxy, string emulatorUrl, string work, Dictionary<string, string> inherited)
    {
        var port = FreePort();
        var process = new DrillProcess(name, "dotnet", [web], new Dictionary<string, string>(inherited)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_CONTENTROOT"] = contentRoot,
            ["ConnectionStrings__Membership"] = connectionString,
            ["Membership__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Membership__ManagementPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Membership__PublicUrl"] = proxy.ToString().TrimEnd('/'),
            ["Membership__SiteOrigins"] = proxy.ToString().TrimEnd('/'),
            ["Membership__Bootstrap__SiteApiKey"] = SiteKey,
            ["Membership__Bootstrap__AdminEmail"] = "",
            ["Membership__Bootstrap__AdminPassword"] = "",
            ["Membership__ShutdownTimeout"] = "00:00:10",
            ["Stripe__SecretKey"] = "sk_test_emulator",
            ["Stripe__WebhookSecret"] = "whsec_emulator",
            ["Stripe__ApiBase"] = emulatorUrl,
            ["Billing__SeedPlans"] = "true",
            ["RateLimits__SiteKey"] = "1000000",
            ["Smtp__PickupDirectory"] = Path.Combine(work, "mail"),
        }, work);
        return (process, port);
    }

    private static async Task<DrillProcess> StartNginxAsync(string siteConf, string work, int listen, int portA, int portB)
    {
        var prefix = Path.Combine(work, "nginx");
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        // The deployment's own file, with the drill's two instances and port in place of compose's names.
        var site = (await File.ReadAllTextAsync(siteConf))
            .Replace("server web:8080", $"server 127.0.0.1:{portA}", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{listen};", StringComparison.Ordinal);
        var upstream = site.IndexOf($"server 127.0.0.1:{portA}", StringComparison.Ordinal);
        var line = site[upstream..site.IndexOf('\n', upstream)];
        site = site.Insert(site.IndexOf('\n', upstream) + 1, "    " + line.Replace(portA.ToString(CultureInfo.InvariantCulture), portB.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) + "\n");
        await File.WriteAllTextAsync(Path.Combine(prefix, "site.conf"), site);
        var temp = Path.Combine(prefix, "temp");
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{prefix}}/site.conf;
            }
            """);
        if (Environment.UserName == "root")
            await DrillProcess.RunAsync("chmod", "-R", "a+rwx", prefix);
        var nginx = new DrillProcess("nginx", "nginx", ["-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-g", "daemon off;"], new Dictionary<string, string>(), work);
        nginx.Start();
        await WaitPortAsync(listen);
        return nginx;
    }

    /// <summary>
    /// Seconds until every given instance answers, for every drill reader, what Stripe says (null: not within
    /// <paramref name="timeout"/>). Asked of each instance directly, so no instance's cache can hide behind another.
    /// </summary>
    private static async Task<double?> SecondsUntilMatchAsync(DrillStripe state, int[] ports, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SiteKey);
        var timer = Stopwatch.StartNew();
        while (timer.Elapsed < timeout)
        {
            var all = true;
            foreach (var port in ports)
            {
                try
                {
                    using var response = await http.PostAsJsonAsync($"http://127.0.0.1:{port}/api/v1/entitlements/batch", new { readerIds = state.Readers });
                    if (!response.IsSuccessStatusCode) { all = false; break; }
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    var answers = body.RootElement.GetProperty("items").EnumerateArray()
                        .ToDictionary(i => i.GetProperty("readerId").GetGuid(), i => i.GetProperty("adFree").GetBoolean());
                    if (state.Readers.Any(r => !answers.TryGetValue(r, out var adFree) || adFree != state.AdFree(r))) { all = false; break; }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    all = false;
                    break;
                }
            }
            if (all)
                return timer.Elapsed.TotalSeconds;
            await Task.Delay(100);
        }
        return null;
    }

    /// <summary>
    /// Inbox rows the stopped instance left leased: rows leased at its exit that no live worker renews or
    /// finishes, so they wait for the lease to run out (seen as a lease passing unrenewed, or a claim again).
    /// </summary>
    private static async Task<int> RowsLeftLeasedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var leased = await RowsAsync(connection, "status = 0 AND next_attempt_at > now() AND last_error IS NULL");
        var orphaned = new HashSet<string>();
        var watch = Stopwatch.StartNew();
        while (leased.Count > orphaned.Count && watch.Elapsed < TimeSpan.FromSeconds(8))
        {
            var now = await RowsAsync(connection, "id = ANY(@ids)", leased.Keys.ToArray());
            foreach (var (id, (attempts, until, status)) in leased)
            {
                if (!now.TryGetValue(id, out var row) || row.Status != 0)
                    continue; // finished by the live instance
                if (row.Attempts > attempts || (row.Until == until && DateTime.UtcNow > until.UtcDateTime.AddMilliseconds(300)))
                    orphaned.Add(id);
            }
            if (leased.Keys.All(id => orphaned.Contains(id) || !now.TryGetValue(id, out var r) || r.Status != 0 || r.Until != leased[id].Until))
                break; // each row is finished, renewed by a live worker, or known orphaned
            await Task.Delay(100);
        }
        return orphaned.Count;
    }

    private static async Task<Dictionary<string, (int Attempts, DateTimeOffset Until, int Status)>> RowsAsync(NpgsqlConnection connection, string where, string[]? ids = null)
    {
        await using var command = new NpgsqlCommand($"SELECT id, attempts, next_attempt_at, status FROM stripe_events WHERE {where}", connection);
        if (ids is not null)
            command.Parameters.AddWithValue("ids", ids);
        var rows = new Dictionary<string, (int, DateTimeOffset, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows[reader.GetString(0)] = (reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3));
        return rows;
    }

    private static void Print(List<FaultResult> results, string work)
    {
        var lines = new List<string>
        {
            "fault                                             | reads  | reader errors | s until entitlements match Stripe | rows left leased | targets",
            "--------------------------------------------------|--------|---------------|-----------------------------------|------------------|--------",
        };
        long previous = 0;
        foreach (var r in results)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{r.Fault,-50}| {r.Requests - previous,6} | {r.Errors.Count,13} | {(r.MatchSeconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "not within the wait"),33} | {(r.Leased?.ToString(CultureInfo.InvariantCulture) ?? "-"),16} | {(r.Met ? "met" : "MISSED")}"));
            previous = r.Requests;
        }
        lines.Add($"targets: 0 reader errors during a single-instance fault or a hanging Stripe (the PostgreSQL restart is reported), entitlements match Stripe within {MatchTarget:0} s of the fault's end, 0 rows leased after a clean stop");
        foreach (var r in results.Where(r => r.Errors.Count > 0))
            lines.Add($"  {r.Fault}: first errors: {string.Join(" | ", r.Errors.Take(3))}");
        lines.Add($"logs: {work}");
        File.WriteAllLines(Path.Combine(work, "table.txt"), lines);
        foreach (var line in lines)
            Console.WriteLine(line);
    }

    private sealed record FaultResult(string Fault, long Requests, IReadOnlyList<string> Errors, double? MatchSeconds, int? Leased, bool ZeroErrors)
    {
        public bool Met => (!ZeroErrors || Errors.Count == 0) && MatchSeconds is <= MatchTarget && Leased is null or 0;
    }

    private static async Task Shell(string command) => await DrillProcess.RunAsync("bash", "-c", command);

    private static async Task WaitReadyAsync(int port) => await WaitAsync($"http://127.0.0.1:{port}/readyz", TimeSpan.FromSeconds(120));

    private static async Task WaitAsync(string url, TimeSpan timeout, bool expectAnyAnswer = false)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var timer = Stopwatch.StartNew();
        while (timer.Elapsed < timeout)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (expectAnyAnswer || response.IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{url} did not answer within {timeout.TotalSeconds:0} s");
    }

    private static async Task WaitPortAsync(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"nothing listens on {port}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set: run ./build.sh drill");

    private static void Say(string what) => Console.Error.WriteLine($"==> {what}");
}
