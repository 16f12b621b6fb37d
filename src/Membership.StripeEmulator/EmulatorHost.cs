namespace Membership.StripeEmulator;

/// <summary>Builds the emulator's web application, so tests can start it in-process.</summary>
public static class EmulatorHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/", () => "Stripe emulator");
        return app;
    }
}
