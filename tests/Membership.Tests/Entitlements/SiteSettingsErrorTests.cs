using System.Diagnostics;

namespace Membership.Tests.Entitlements;

/// <summary>The settings this feature adds stop start-up with one line naming them when they are wrong.</summary>
public sealed class SiteSettingsErrorTests
{
    [Theory]
    [InlineData("Membership__Bootstrap__SiteApiKey", "short-key", true)]
    [InlineData("Membership__Bootstrap__SiteApiKey", "a key with spaces in it, long enough", true)]
    [InlineData("Entitlements__PassLifetime", "02:00:00", false)]
    [InlineData("Entitlements__CacheSize", "-1", false)]
    public async Task A_bad_setting_stops_start_up_naming_it(string key, string value, bool secret)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var setting in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(setting);
        start.Environment["ConnectionStrings__Membership"] = "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x";
        start.Environment["Stripe__SecretKey"] = "sk_test_emulator";
        start.Environment["Stripe__WebhookSecret"] = "whsec_emulator";
        start.Environment["Membership__Port"] = "5998";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment[key] = value;

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await stdout;

        Assert.NotEqual(0, process.ExitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Configuration error:", line, StringComparison.Ordinal);
        Assert.Contains(key, line, StringComparison.Ordinal);
        if (secret)
            Assert.DoesNotContain(value, line, StringComparison.Ordinal);
    }
}
