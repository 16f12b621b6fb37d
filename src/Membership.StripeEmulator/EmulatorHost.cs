using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Membership.StripeEmulator;

/// <summary>Builds the emulator's web application: Stripe's REST API under <c>/v1</c> and the hosted Checkout and portal pages.</summary>
public static class EmulatorHost
{
    public const int DefaultPort = 12111;

    /// <summary>The standalone program: options from the <c>Emulator</c> configuration section (<c>Emulator__Port</c>, ...).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // One line per API call would drown the service's own output under build.sh run.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var options = new EmulatorOptions();
        builder.Configuration.GetSection("Emulator").Bind(options);
        return Build(builder, options);
    }

    internal static WebApplication Build(EmulatorOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // In-process (tests): only problems are worth a line.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return Build(builder, options);
    }

    private static WebApplication Build(WebApplicationBuilder builder, EmulatorOptions options)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChangeTracker>();
        // Registered first, so it stops last: its final snapshot comes after deliveries and billing have stopped.
        if (!string.IsNullOrEmpty(options.DataDirectory))
            builder.Services.AddHostedService<StateWriter>();
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        builder.Services.AddSingleton<EmulatorState>();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddHostedService<BillingTicker>();

        var app = builder.Build();
        if (!string.IsNullOrEmpty(options.DataDirectory))
            Restore(app, options.DataDirectory);
        app.Lifetime.ApplicationStarted.Register(() => OnStarted(app, options));
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/v1"), v1 => v1.UseMiddleware<StripeApiMiddleware>());

        app.MapGet("/", () => Results.Text("Membership's Stripe emulator: Stripe's API under /v1 (see src/Membership.StripeEmulator)."));
        var v1 = app.MapGroup("/v1");
        CustomersApi.Map(v1);
        ProductsApi.Map(v1);
        PricesApi.Map(v1);
        CheckoutSessionsApi.Map(v1);
        PortalSessionsApi.Map(v1);
        SubscriptionsApi.Map(v1);
        InvoicesApi.Map(v1);
        InvoiceItemsApi.Map(v1);
        CouponsApi.Map(v1);
        SubscriptionSchedulesApi.Map(v1);
        PaymentsApi.Map(v1);
        RefundsApi.Map(v1);
        DisputesApi.Map(v1);
        EventsApi.Map(v1);
        WebhookEndpointsApi.Map(v1);
        TestClocksApi.Map(v1);
        app.MapFallback("/v1/{**path}", (HttpContext http) => Results.Content(
            new StripeErrorException(404, "invalid_request_error",
                $"Unrecognized request URL ({http.Request.Method}: {http.Request.Path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.").ToJson().ToJsonString(StripeJson.Options),
            StripeJson.ContentType, null, StatusCodes.Status404NotFound));
        CheckoutPage.Map(app);
        PortalPage.Map(app);
        InvoicePage.Map(app);
        InvoicePdf.Map(app);
        return app;
    }

    private static void Restore(WebApplication app, string directory)
    {
        var state = app.Services.GetRequiredService<EmulatorState>();
        var restored = StateFile.TryLoad(directory, state, app.Services.GetRequiredService<IdempotencyStore>(), app.Services.GetRequiredService<WebhookDispatcher>());
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EmulatorHost));
        if (restored)
        {
            lock (state.Gate)
            {
                logger.LogInformation("Stripe emulator state restored from {Directory}: {Customers} customers, {Subscriptions} subscriptions, {Events} events",
                    directory, state.Customers.All.Count(), state.Subscriptions.All.Count(), state.Events.All.Count());
            }
        }
        else
        {
            logger.LogInformation("Stripe emulator state starts empty and is kept in {Directory}", directory);
        }
    }

    /// <summary>Once Kestrel has its port: the hosted pages' base URL, and the configured webhook endpoint.</summary>
    private static void OnStarted(WebApplication app, EmulatorOptions options)
    {
        var state = app.Services.GetRequiredService<EmulatorState>();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        lock (state.Gate)
        {
            state.BaseUrl = new Uri($"http://127.0.0.1:{port}/");
            if (!string.IsNullOrEmpty(options.WebhookUrl))
                WebhookEndpointsApi.RegisterAtStart(state, options.WebhookUrl, options.WebhookSecret);
        }
    }
}
