using System.Diagnostics;

namespace Membership.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use: <c>ConnectionStrings__Membership</c> when set (as
/// <c>build.sh test</c> and CI do), otherwise the repository's private cluster, started through
/// <c>build.sh db</c> so that a plain <c>dotnet test</c> works too.
/// </summary>
internal static class TestServer
{
    private static readonly Lazy<string> s_connectionString = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ConnectionString => s_connectionString.Value;

    private static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Membership");
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;

        var root = RepositoryRoot()
            ?? throw new InvalidOperationException(
                "ConnectionStrings__Membership is not set and build.sh was not found above the test assembly: "
                + "set it to a PostgreSQL server the tests may create databases on, or run ./build.sh test.");
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "build.sh"), "db"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var connectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || string.IsNullOrEmpty(connectionString))
            throw new InvalidOperationException(
                $"ConnectionStrings__Membership is not set and `./build.sh db` could not start the private PostgreSQL "
                + $"(exit {process.ExitCode}): {stderr.Result.Trim()}");
        // Child processes the tests start (the service, the emulator) see the same server.
        Environment.SetEnvironmentVariable("ConnectionStrings__Membership", connectionString);
        return connectionString;
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "build.sh")) && File.Exists(Path.Combine(dir.FullName, "Membership.sln")))
                return dir.FullName;
        return null;
    }
}
