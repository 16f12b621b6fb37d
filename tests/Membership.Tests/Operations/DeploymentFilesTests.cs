using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Membership.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Membership.Tests.Operations;

/// <summary>
/// infra/ checked mechanically: the Kubernetes file parsed and held to what a platform engineer asks for, the
/// image's Dockerfile and context, and infra/nginx.conf run by nginx in front of a dead and a live instance.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string Root = RepositoryRoot();
    private static readonly string[] IgnoredFromTheImage = [".data/", "**/bin/", "**/obj/", "**/TestResults/"];
    private static readonly string[] NginxBinaries = ["/usr/sbin/nginx", "/usr/bin/nginx"];
    private static readonly string[] OperationalPaths = ["/metrics", "/docs", "/docs/", "/openapi/v1.json"];

    [Fact]
    public void The_Kubernetes_file_pins_its_image_runs_non_root_and_budgets_memory_for_the_cache()
    {
        var documents = KubernetesDocuments();
        var byKind = documents.ToLookup(d => Scalar(d, "kind"));
        Assert.Single(byKind["PodDisruptionBudget"]);

        var job = Assert.Single(byKind["Job"]);
        Assert.Matches(@"-\d+-\d+-\d+$", Scalar(job, "metadata", "name")); // one Job per release, re-runnable
        var deployment = Assert.Single(byKind["Deployment"]);
        var pod = Map(deployment, "spec", "template", "spec");
        Assert.Equal("true", Scalar(pod!, "securityContext", "runAsNonRoot"));
        foreach (var container in Containers(job).Concat(Containers(deployment)))
        {
            Assert.Matches(@":\d+\.\d+\.\d+$", Scalar(container, "image"));
            Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
            Assert.Equal("false", Scalar(container, "securityContext", "allowPrivilegeEscalation"));
        }
        var web = Assert.Single(Containers(deployment));
        Assert.Equal("/readyz", Scalar(web, "readinessProbe", "httpGet", "path"));
        Assert.NotNull(Map(web, "lifecycle", "preStop"));

        // The limit holds the cache it is configured for (~200 bytes a reader at its peak) plus the rest of the process.
        var cacheSize = long.Parse(EnvValue(web, "Entitlements__CacheSize"), System.Globalization.CultureInfo.InvariantCulture);
        var limit = Mebibytes(Scalar(web, "resources", "limits", "memory"));
        Assert.True(limit * 1024 * 1024 >= cacheSize * 200 + 250L * 1024 * 1024, $"memory limit {limit}Mi is too small for a cache of {cacheSize} readers");

        // Neither the Service nor the Ingress reaches the management port.
        var service = Assert.Single(byKind["Service"]);
        Assert.DoesNotContain("5090", Text(service), StringComparison.Ordinal);
        Assert.DoesNotContain("management", Text(service), StringComparison.Ordinal);
        Assert.DoesNotContain("5090", Text(Assert.Single(byKind["Ingress"])), StringComparison.Ordinal);
        Assert.DoesNotContain(":latest", File.ReadAllText(Path.Combine(Root, "infra", "k8s", "membership.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_restores_in_its_own_layer_runs_as_a_user_and_keeps_secrets_out_of_its_context()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Root, "infra", "Dockerfile")).Select(l => l.Trim()).ToList();
        var restore = dockerfile.FindIndex(l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var sources = dockerfile.FindIndex(l => l.StartsWith("COPY src/Membership.Web/ ", StringComparison.Ordinal));
        Assert.InRange(restore, 0, sources);
        Assert.DoesNotContain("COPY . .", dockerfile);
        Assert.Contains(dockerfile, l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        Assert.Equal("USER app", dockerfile.Last(l => l.StartsWith("USER ", StringComparison.Ordinal)));
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"));
        foreach (var entry in IgnoredFromTheImage)
            Assert.Contains(entry, ignored);
    }

    [Fact]
    public async Task Nginx_accepts_the_config_routes_around_a_dead_instance_and_hides_the_operational_endpoints()
    {
        var nginx = NginxBinaries.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is missing: apt-get install nginx (./build.sh test installs it).");
        var folder = Directory.CreateTempSubdirectory("membership-nginx-").FullName;
        using var live = new HttpListener();
        var livePort = FreePort();
        live.Prefixes.Add($"http://127.0.0.1:{livePort}/");
        live.Start();
        var serving = ServeAsync(live);
        var deadPort = FreePort(); // nothing listens there: a crashed instance
        var listen = FreePort();
        var site = File.ReadAllText(Path.Combine(Root, "infra", "nginx.conf"))
            .Replace("server web:8080", $"server 127.0.0.1:{deadPort}", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{listen};", StringComparison.Ordinal);
        site = UpstreamLine().Replace(site, m => m.Value + $"\n    server 127.0.0.1:{livePort} max_fails=1 fail_timeout=3s;", 1);
        await File.WriteAllTextAsync(Path.Combine(folder, "site.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events {}
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                include {{folder}}/site.conf;
            }
            """);

        var (check, output) = await RunAsync(nginx, "-t", "-p", folder, "-c", Path.Combine(folder, "nginx.conf"));
        Assert.True(check == 0, output);

        using var process = Process.Start(new ProcessStartInfo(nginx, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf")]) { UseShellExecute = false })!;
        try
        {
            await WaitForPortAsync(listen);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listen}") };
            for (var i = 0; i < 6; i++)
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/api/v1/entitlements/x", UriKind.Relative))).StatusCode);
            // The webhook is idempotent: a POST that met the dead instance is repeated on the live one.
            for (var i = 0; i < 4; i++)
                Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(new Uri("/webhooks/stripe", UriKind.Relative), new StringContent("{}"))).StatusCode);
            foreach (var path in OperationalPaths)
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            live.Stop();
            await serving;
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"server 127\.0\.0\.1:\d+ [^;]*;")]
    private static partial Regex UpstreamLine();

    private static async Task ServeAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            try
            {
                var context = await listener.GetContextAsync();
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
        }
    }

    private static List<YamlMappingNode> KubernetesDocuments()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "infra", "k8s", "membership.yaml"));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static IEnumerable<YamlMappingNode> Containers(YamlMappingNode workload) =>
        ((YamlSequenceNode)Map(workload, "spec", "template", "spec")!.Children[new YamlScalarNode("containers")]).Cast<YamlMappingNode>();

    private static string EnvValue(YamlMappingNode container, string name) =>
        ((YamlSequenceNode)container.Children[new YamlScalarNode("env")]).Cast<YamlMappingNode>()
            .Where(e => Scalar(e, "name") == name).Select(e => Scalar(e, "value")).Single();

    private static YamlMappingNode? Map(YamlMappingNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (!current.Children.TryGetValue(new YamlScalarNode(key), out var next) || next is not YamlMappingNode map)
                return null;
            current = map;
        }
        return current;
    }

    private static string Scalar(YamlMappingNode node, params string[] path)
    {
        var parent = path.Length == 1 ? node : Map(node, path[..^1]) ?? throw new KeyNotFoundException(string.Join('.', path));
        return parent.Children.TryGetValue(new YamlScalarNode(path[^1]), out var value) && value is YamlScalarNode scalar
            ? scalar.Value ?? ""
            : throw new KeyNotFoundException(string.Join('.', path));
    }

    private static string Text(YamlNode node)
    {
        var stream = new YamlStream(new YamlDocument(node));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static long Mebibytes(string quantity) => quantity switch
    {
        _ when quantity.EndsWith("Gi", StringComparison.Ordinal) => long.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture) * 1024,
        _ when quantity.EndsWith("Mi", StringComparison.Ordinal) => long.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new FormatException($"memory quantity {quantity}"),
    };

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static async Task WaitForPortAsync(int port) =>
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, $"nginx to listen on {port}");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Membership.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Membership.sln not found above the test assembly");
    }
}
