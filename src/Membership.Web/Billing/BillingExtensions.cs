
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
        builder.Services.AddScoped<BillingRepairs>();
        builder.Services.AddSingleton<StripeEventWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StripeEventWorker>());
        builder.Services.AddSingleton<ScheduledSync>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScheduledSync>());
        builder.Services.AddSingleton<DueRenewals>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DueRenewals>());
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
