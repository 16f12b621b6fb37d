using Membership.Web.Accounts;

namespace Membership.Web.Hosting;

/// <summary>The server-rendered pages (Razor Pages) and their static files.</summary>
public static class PagesExtensions
{
    public static WebApplicationBuilder AddPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Admin", AuthorizationPolicies.Admin);
        });
        return builder;
    }

    public static WebApplication MapPages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
