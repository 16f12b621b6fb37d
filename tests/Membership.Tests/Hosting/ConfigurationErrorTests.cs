using System.Diagnostics;

namespace Membership.Tests.Hosting;

/// <summary>Starts the real program as a process: a bad setting must stop it with one line naming the setting.</summary>
public sealed class ConfigurationErrorTests
{
    private static readonly Dictionary<string, string> ValidSettings = new()
    {
        ["ConnectionStrings__Membership"] = "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x",
        ["Stripe__SecretKey"] = "sk_test_emulator",
        ["Stripe__WebhookSecret"] = "whsec_emulator",
        ["Stripe__ApiBase"] = "http://127.0.0.1:12111",
        ["Membership__Port"] = "5999",
    };

    [Theory]
    [InlineData("Stripe__SecretKey", "", "Stripe__SecretKey")]
    [InlineData("Stripe__WebhookSecret", "not-a-secret", "Stripe__WebhookSecret")]
    [InlineData("ConnectionStrings__Membership", "", "ConnectionStrings__Membership")]
    [InlineData("Membership__Port", "eighty", "Membership:Port")]
    [InlineData("Membership__GracePeriodDays", "-1", "Membership__GracePeriodDays")]
    [InlineData("Membership__PublicUrl", "not a url", "PublicUrl")]
    [InlineData("Stripe__Timeout", "00:00:00", "Stripe__Timeout")]
    [InlineData("Stripe__Timeout", "soon", "Stripe:Timeout")]
    [InlineData("Stripe__MaxNetworkRetries", "9", "Stripe__MaxNetworkRetries")]
    [InlineData("Stripe__ReadsPerSecond", "0", "Stripe__ReadsPerSecond")]
    [InlineData("Billing__WorkerParallelism", "0", "Billing__WorkerParallelism")]
    [InlineData("Membership__ManagementPort", "70000", "Membership__ManagementPort")]
    [InlineData("Membership__ManagementPort", "5999", "Membership__ManagementPort")]
    [InlineData("Membership__ManagementAddress", "loopback", "Membership__ManagementAddress")]
    [InlineData("Database__MaxPoolSize", "1", "Database__MaxPoolSize")]
    [InlineData("Membership__OtlpEndpoint", "collector:4317", "Membership__OtlpEndpoint")]
    public async Task A_missing_or_malformed_setting_stops_start_up_with_one_line_naming_it(string key, string value, string named)
    {
        var (exitCode, stderr) = await RunProgramAsync(new Dictionary<string, string>(ValidSettings) { [key] = value });

        Assert.NotEqual(0, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("Configuration error:", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stderr)> RunProgramAsync(Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return (process.ExitCode, await stderr);
    }
}
