using System.Net;
using System.Net.Sockets;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Membership.BrowserTests.Infrastructure;

/// <summary>
/// The whole service on a real Kestrel port with its own database, and Debian's Chromium driven by
/// Playwright. One per test class through <c>IClassFixture&lt;BrowserApp&gt;</c>.
/// </summary>
public class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public int Port { get; } = FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is started in InitializeAsync.");

    /// <summary>Where the service writes its mail (.eml files), one folder per fixture.</summary>
    public MailFolder Mail { get; } = new();

    /// <summary>Settings a test class overrides before the host starts (ASP.NET Core keys).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        UseKestrel(Port);
        StartServer();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Membership:PublicUrl"] = BaseUrl,
            ["Membership:SiteOrigins"] = BaseUrl,
            ["Smtp:PickupDirectory"] = Mail.Path,
        };
        foreach (var (key, value) in Settings)
            settings[key] = value;
        builder.UseTestSettings(Database.ConnectionString, settings);
    }

    /// <summary>A fresh browser context (its own cookies) whose relative URLs resolve against the service.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot under TestResults/screenshots/ for a person to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public new async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
        Mail.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Membership.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? Directory.GetCurrentDirectory();
    }
}
