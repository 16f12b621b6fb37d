using Membership.Web.Accounts;
using Membership.Web.AdLeaks;
using Membership.Web.Admin;
using Membership.Web.ApiKeys;
using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Demo;
using Membership.Web.Entitlements;
using Membership.Web.Grants;
using Membership.Web.Hosting;
using Membership.Web.Importing;
using Membership.Web.MyAccount;
using Membership.Web.Plans;
using Membership.Web.Pages.Admin;
using Membership.Web.Rights;
using Membership.Web.StripeConnection;
using Membership.Web.Webhooks;

if (args is ["healthcheck"])
    return await HealthProbe.RunAsync();

return await ConfigurationErrors.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHosting();
    builder.AddSecurity();
    builder.AddMembershipDatabase();
    builder.AddStripeConnection();
    builder.AddAccounts();
    builder.AddMyAccount();
    builder.AddBilling();
    builder.AddPlans();
    builder.AddEntitlements();
    builder.AddGrants();
    builder.AddAdLeaks();
    builder.AddDemo();
    builder.AddApiKeys();
    builder.AddAdmin();
    builder.AddRights();
    builder.AddWebhooks();
    builder.AddImports();
    builder.AddPages();

    var app = builder.Build();
    if (args.Contains("migrate"))
    {
        await app.MigrateDatabaseAsync();
        return;
    }

    app.UseMiddleware<RequestLogScope>();
    app.UseSecurity();
    app.UseHosting();
    app.UseCors();
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapHosting();
    app.MapAccounts();
    app.MapMyAccount();
    app.MapBilling();
    app.MapGrants();
    app.MapEntitlements();
    app.MapAdLeaks();
    app.MapApiKeys();
    app.MapAdmin();
    app.MapPlans();
    app.UseAdminTimeZone();
    app.MapRights();
    app.MapWebhooks();
    app.MapImports();
    app.MapPages();
    await app.RunAsync();
});

public partial class Program;
