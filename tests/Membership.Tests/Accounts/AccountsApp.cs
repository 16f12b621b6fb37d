using System.Net;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Membership.Tests.Accounts;

/// <summary>
/// The service for the account tests: mail goes to a folder of its own, and Stripe is a port where
/// nothing listens, so every Stripe-backed action takes its "Stripe is unreachable" path.
/// A request may name its client address in X-Test-Client-Address (for the per-IP rate limits).
/// </summary>
public class AccountsApp : MembershipApp, IAsyncLifetime
{
    public const string ClientAddressHeader = "X-Test-Client-Address";

    public MailFolder Mail { get; } = new();

    public LogCapture Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Smtp:PickupDirectory"] = Mail.Path,
        ["Stripe:ApiBase"] = "http://127.0.0.1:1",
        ["Billing:SyncCatalogAtStart"] = "false",
        ["Billing:ScheduledSync"] = "false",
        ["Billing:ProcessEvents"] = "false",
        ["Membership:SiteOrigins"] = "http://localhost,https://news.example.com",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddTransient<IStartupFilter, ClientAddressFromHeader>();
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }

    /// <summary>A browser-like client that keeps cookies but shows redirects instead of following them.</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Mail.Dispose();
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader], out var address))
                    context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
