using Membership.Web.Plans;
using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Web.Billing;

public static class BillingExtensions
{
    public static WebApplicationBuilder AddBilling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.Section)
            .Validate(o => o.WorkerParallelism is >= 1 and <= 64, "Billing__WorkerParallelism must be between 1 and 64.")
            .Validate(o => o.BatchSize is >= 1 and <= 1000, "Billing__BatchSize must be between 1 and 1000.")
            .ValidateOnStart();
        builder.Services.AddOptions<CheckoutTermsOptions>().BindConfiguration(CheckoutTermsOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.TermsVersion) && o.TermsVersion.Length <= 64, "Membership__Legal__TermsVersion must be 1 to 64 characters.")
            .ValidateOnStart();
        // One client for the process, pointed at Stripe or at the emulator by Stripe__ApiBase. Every call is
        // bounded: Stripe__Timeout per attempt, Stripe__MaxNetworkRetries retries (same idempotency key).
        // Reads also wait for this instance's share of the Stripe read budget (Stripe__ReadsPerSecond).
        builder.Services.AddSingleton<StripeReadBudget>();
        builder.Services.AddTransient<StripeReadBudgetHandler>();
        builder.Services.AddTransient<StripeRequestIdHandler>();
        builder.Services.AddHostedService<StripeReadBudgetSplitter>();
        builder.Services.AddHttpClient("stripe").ConfigureHttpClient((sp, http) =>
            http.Timeout = sp.GetRequiredService<IOptions<StripeOptions>>().Value.Timeout)
            .AddHttpMessageHandler<StripeReadBudgetHandler>()
            .AddHttpMessageHandler<StripeRequestIdHandler>();
        builder.Services.AddSingleton(sp =>
        {
            var stripe = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("stripe");
            return new StripeClient(new StripeClientOptions
            {
                ApiKey = stripe.SecretKey,
                ApiBase = stripe.ApiBase.ToString().TrimEnd('/'),
                HttpClient = new SystemNetHttpClient(http, stripe.MaxNetworkRetries),
            });
        });
        builder.Services.AddSingleton<StripeEventSignal>();
        builder.Services.AddScoped<StripeEventInbox>();
        builder.Services.AddScoped<StripeEventProcessor>();
        builder.Services.AddScoped<SubscriptionSync>();
        builder.Services.AddScoped<SubscriptionReads>();
        builder.Services.AddScoped<BillingLeases>();
        builder.Services.AddScoped<SubscriptionWriter>();
        builder.Services.AddScoped<BillingTimeline>();
        builder.Services.AddScoped<StripeCustomers>();
        builder.Services.AddScoped<CustomerSubscriptions>();
        builder.Services.AddScoped<OpenCheckouts>();
        builder.Services.AddScoped<CheckoutSessions>();
        builder.Services.AddScoped<BillingPortalSessions>();
        builder.Services.AddScoped<SubscriptionActions>();
        builder.Services.AddScoped<PlanSwitches>();
        builder.Services.AddScoped<ReaderInvoices>();
        builder.Services.AddScoped<ReaderBillingDetails>();
        builder.Services.AddScoped<BillingMail>();
        builder.Services.AddScoped<BillingMails>();
        builder.Services.AddScoped<PlanCatalog>();
        builder.Services.AddScoped<StripePlanPrices>();
        builder.Services.AddSingleton<StripeEventWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StripeEventWorker>());
        builder.Services.AddSingleton<ScheduledSync>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScheduledSync>());
        builder.Services.AddSingleton<DueRenewals>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DueRenewals>());
        builder.Services.AddHostedService<PlanCatalogStartup>();
        return builder;
    }

    public static WebApplication MapBilling(this WebApplication app)
    {
        app.MapStripeWebhook();
        app.MapCheckoutApi();
        app.MapPlanSwitchApi();
        app.MapReaderInvoicesApi();
        app.MapBillingAdminApi();
        return app;
    }
}
