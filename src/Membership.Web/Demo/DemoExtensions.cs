namespace Membership.Web.Demo;

/// <summary>The demo article's stand-in ad and tracker server (the article itself is a page under Pages/Demo).</summary>
public static class DemoExtensions
{
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().BindConfiguration("Membership")
            .Validate(o => o.DemoAdPort is >= 1 and <= 65535, "Membership__DemoAdPort must be between 1 and 65535.")
            .ValidateOnStart();
        var enabled = builder.Configuration.GetValue<bool?>("Membership:DemoAdServer") ?? builder.Environment.IsDevelopment();
        if (enabled)
            builder.Services.AddHostedService<DemoAdServer>();
        return builder;
    }
}
