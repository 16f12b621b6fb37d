using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Membership.Web.Hosting;

return await ConfigurationErrors.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHosting();
    builder.AddMembershipDatabase();
    builder.AddAccounts();
    builder.AddBilling();
    builder.AddEntitlements();

    var app = builder.Build();
    if (args.Contains("migrate"))
    {
        await app.MigrateDatabaseAsync();
        return;
    }

    app.UseHosting();
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapHosting();
    app.MapAccounts();
    app.MapBilling();
    app.MapEntitlements();
    await app.RunAsync();
});

public partial class Program;
