namespace Membership.Web.MyAccount;

/// <summary>
/// The signed-in reader's own account as a whole: /me, the membership summary, the export and the deletion.
/// It composes Accounts, Billing, Plans and Entitlements, so it sits above them rather than in Accounts.
/// </summary>
public static class MyAccountExtensions
{
    public static WebApplicationBuilder AddMyAccount(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountDeletion>();
        builder.Services.AddScoped<AccountExport>();
        builder.Services.AddScoped<AccountMembership>();
        return builder;
    }

    public static WebApplication MapMyAccount(this WebApplication app)
    {
        app.MapMeApi();
        app.MapAccountExport();
        return app;
    }
}
