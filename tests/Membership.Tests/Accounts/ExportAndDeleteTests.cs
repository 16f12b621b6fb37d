using System.Net;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Accounts;

public sealed class ExportAndDeleteTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private static Dictionary<string, string> Password(string password = Readers.Password) => new() { ["Input.Password"] = password };

    [Fact]
    public async Task The_export_is_a_JSON_download_of_everything_held_about_the_reader_and_nothing_secret()
    {
        var email = await app.RegisterAsync();
        var id = await app.ReaderIdAsync(email);
        var plan = await app.AddPlanAsync();
        await app.AddSubscriptionAsync(id, plan, "active", DateTimeOffset.UtcNow.AddDays(20));
        await app.AddGrantAsync(id, until: null, reason: "press pass");
        var browser = await app.SignedInBrowserAsync(email);

        var response = await browser.GetAsync(new Uri("/account/export", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        using var export = JsonDocument.Parse(body);
        var root = export.RootElement;
        Assert.Equal(email, root.GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal(id, root.GetProperty("profile").GetProperty("id").GetGuid());
        Assert.Equal(plan, root.GetProperty("subscriptions")[0].GetProperty("planKey").GetString());
        Assert.Equal("test setup", root.GetProperty("history")[0].GetProperty("cause").GetString());
        Assert.Equal("press pass", root.GetProperty("grants")[0].GetProperty("reason").GetString());
        Assert.True(root.GetProperty("entitlement").GetProperty("adFree").GetBoolean());
        var secrets = await app.WithDbAsync(db => db.Users.Where(r => r.Id == id).Select(r => new { r.PasswordHash, r.SecurityStamp, r.ConcurrencyStamp }).SingleAsync());
        Assert.DoesNotContain(secrets.PasswordHash!, body, StringComparison.Ordinal);
        Assert.DoesNotContain(secrets.SecurityStamp!, body, StringComparison.Ordinal);
        Assert.DoesNotContain("passwordHash", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signed_out_the_export_sends_the_visitor_to_sign_in()
    {
        var response = await app.CreateBrowser().GetAsync(new Uri("/account/export", UriKind.Relative));

        response.AssertRedirect("/account/login?ReturnUrl=%2Faccount%2Fexport");
    }

    [Fact]
    public async Task Deleting_with_the_password_removes_the_reader_and_their_data_signs_out_and_mails_them()
    {
        var email = await app.RegisterAsync();
        var id = await app.ReaderIdAsync(email);
        await app.AddGrantAsync(id, until: null);
        await app.AddSubscriptionAsync(id, await app.AddPlanAsync(), "canceled", DateTimeOffset.UtcNow.AddDays(-30));
        // Its Stripe customer is gone too: with one linked, deleting asks Stripe (unreachable here) for live subscriptions first.
        await app.WithDbAsync(db => db.Users.Where(r => r.Id == id).ExecuteUpdateAsync(set => set.SetProperty(r => r.StripeCustomerId, (string?)null)));
        var browser = await app.SignedInBrowserAsync(email);

        var response = await browser.SubmitAsync("/account/delete", Password());

        response.AssertRedirect("/");
        Assert.Equal(0, await app.CountReadersAsync(email));
        Assert.False(await app.WithDbAsync(db => db.Grants.AnyAsync(g => g.ReaderId == id)));
        Assert.False(await app.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.ReaderId == id)));
        Assert.False(await app.WithDbAsync(db => db.SubscriptionHistory.AnyAsync(h => h.ReaderId == id)));
        Assert.Equal("Your account is deleted. Thank you for having been with us.", (await browser.GetPageAsync("/")).Flash());
        (await browser.GetAsync(new Uri("/account", UriKind.Relative))).AssertRedirect("/account/login?ReturnUrl=%2Faccount");
        await app.Mail.WaitForAsync(email, "account was deleted");
    }

    [Theory]
    [InlineData("Wrong-Password-1")]
    [InlineData("")]
    public async Task Deleting_without_the_right_password_is_a_400_and_deletes_nothing(string password)
    {
        var email = await app.RegisterAsync();
        var browser = await app.SignedInBrowserAsync(email);

        var response = await browser.SubmitAsync("/account/delete", Password(password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadPageAsync()).QuerySelector(".error-summary a[href='#Input_Password']"));
        Assert.Equal(1, await app.CountReadersAsync(email));
    }

    [Fact]
    public async Task When_Stripe_cannot_cancel_a_live_subscription_nothing_is_deleted_and_the_page_says_so()
    {
        var email = await app.RegisterAsync();
        var id = await app.ReaderIdAsync(email);
        await app.AddSubscriptionAsync(id, await app.AddPlanAsync(), "active", DateTimeOffset.UtcNow.AddDays(20));
        var browser = await app.SignedInBrowserAsync(email);

        var response = await browser.SubmitAsync("/account/delete", Password());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("nothing was deleted", (await response.ReadPageAsync()).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountReadersAsync(email));
        Assert.Equal("active", await app.WithDbAsync(db => db.Subscriptions.Where(s => s.ReaderId == id).Select(s => s.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/account", UriKind.Relative))).StatusCode); // still signed in
    }
}
