namespace Membership.Web.Importing;

/// <summary>Bringing an existing membership over: from Stripe's customers and from a CSV of complimentary members.</summary>
public static class ImportsExtensions
{
    public static WebApplicationBuilder AddImports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportsOptions>().BindConfiguration(ImportsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ImportSignal>();
        builder.Services.AddSingleton<ImportJobStore>();
        builder.Services.AddSingleton<ImportJobReads>();
        builder.Services.AddScoped<ImportStarter>();
        builder.Services.AddScoped<StripeImport>();
        builder.Services.AddScoped<CsvImport>();
        builder.Services.AddSingleton<ImportWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ImportWorker>());
        return builder;
    }

    public static WebApplication MapImports(this WebApplication app)
    {
        app.MapImportsApi();
        return app;
    }
}
