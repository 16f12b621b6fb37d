using System.Diagnostics;
using System.Net.Sockets;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Entitlements;

/// <summary>
/// nginx started by a test with the example edge files from <c>infra/edge/</c> (the njs module and both includes, as
/// shipped), in front of an upstream the test runs. Debian's nginx and libnginx-mod-http-js (build.sh installs them).
/// </summary>
internal sealed class EdgeNginx : IAsyncDisposable
{
    private const string Module = "/usr/lib/nginx/modules/ngx_http_js_module.so";
    private static readonly string[] Binaries = ["/usr/sbin/nginx", "/usr/bin/nginx"];
    private readonly Process _process;
    private readonly string _folder;

    private EdgeNginx(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static async Task<EdgeNginx> StartAsync(string issuer, int upstreamPort)
    {
        var nginx = Binaries.FirstOrDefault(File.Exists);
        if (nginx is null || !File.Exists(Module))
            throw new InvalidOperationException("nginx with njs is missing: apt-get install nginx-light libnginx-mod-http-js (./build.sh test installs them).");
        var edge = Path.Combine(RepositoryRoot(), "infra", "edge");
        var folder = Directory.CreateTempSubdirectory("membership-edge-").FullName;
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            load_module {{Module}};
            daemon off;
            master_process off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events {}
            http {
                access_log off;
                client_body_temp_path {{folder}}/tmp; proxy_temp_path {{folder}}/tmp; fastcgi_temp_path {{folder}}/tmp;
                uwsgi_temp_path {{folder}}/tmp; scgi_temp_path {{folder}}/tmp;
                js_path {{edge}};
                js_import adfree from adfree.js;
                js_var $adfree_issuer {{issuer}};
                proxy_cache_path {{folder}}/jwks keys_zone=adfree_jwks:1m max_size=1m;
                upstream adfree_membership { server 127.0.0.1:{{upstreamPort}}; }
                upstream news_site { server 127.0.0.1:{{upstreamPort}}; }
                server {
                    listen 127.0.0.1:{{port}};
                    include {{edge}}/adfree.conf;
                    location / {
                        include {{edge}}/adfree-location.conf;
                        proxy_pass http://news_site;
                    }
                }
            }
            """);
        Directory.CreateDirectory(Path.Combine(folder, "tmp"));
        var process = Process.Start(new ProcessStartInfo(nginx, ["-p", folder, "-e", Path.Combine(folder, "error.log"), "-c", Path.Combine(folder, "nginx.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var started = new EdgeNginx(process, folder, port);
        try
        {
            await Eventually.UntilAsync(async () => process.HasExited || await AcceptsAsync(port), $"nginx to listen on {port}");
            if (!process.HasExited)
                return started;
        }
        catch (TimeoutException)
        {
            // reported below with nginx's error log
        }
        var log = File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "";
        await started.DisposeAsync();
        throw new InvalidOperationException($"nginx did not start: {log}");
    }

    public string ErrorLog => File.Exists(Path.Combine(_folder, "error.log")) ? File.ReadAllText(Path.Combine(_folder, "error.log")) : "";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Membership.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root (Membership.sln) was not found.");
    }
}
