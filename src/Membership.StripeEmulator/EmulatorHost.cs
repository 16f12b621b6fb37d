namespace Membership.StripeEmulator;

/// <summary>Builds the emulator's web application, so tests can start it in-process.</summary>
public static class EmulatorHost
{
    public const int DefaultPort = 12111;

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var port = builder.Configuration.GetValue("Emulator:Port", DefaultPort);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.MapGet("/", () => Results.Text("Membership's Stripe emulator. The Stripe API itself is not implemented yet (issue 4)."));
        // Until the resources exist, every Stripe path answers in Stripe's own error shape.
        app.MapFallback((HttpContext http) => Results.Json(
            new { error = new { type = "invalid_request_error", code = "resource_missing", message = $"Unrecognized request URL ({http.Request.Method}: {http.Request.Path}).", param = (string?)null } },
            statusCode: StatusCodes.Status404NotFound));
        return app;
    }
}
