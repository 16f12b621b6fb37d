using System.Net;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.MyAccount;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Accounts;

public sealed class AccountPageTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private static string Day(DateTimeOffset moment) => MembershipSummary.Day(moment);

    private async Task<(string Email, Guid Id, HttpClient Browser)> SignedInReaderAsync()
    {
        var email = await app.RegisterAsync();
        return (email, await app.ReaderIdAsync(email), await app.SignedInBrowserAsync(email));
    }

    private static async Task<Dictionary<string, string>> FactsAsync(HttpClient browser)
    {
        var page = await browser.GetPageAsync("/account");
        var facts = page.QuerySelectorAll("#membership-title ~ dl.facts dt").ToDictionary(dt => dt.TextContent.Trim(), dt => dt.NextElementSibling!.TextContent.Trim());
        facts["actions"] = string.Join("|", page.QuerySelectorAll("#membership-title ~ .actions a, #membership-title ~ .actions button").Select(e => e.TextContent.Trim()));
        return facts;
    }

    private static async Task<bool> AdFreeFromApiAsync(HttpClient browser)
    {
        using var me = JsonDocument.Parse(await browser.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative)));
        return me.RootElement.GetProperty("entitlement").GetProperty("adFree").GetBoolean();
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in_and_back()
    {
        var response = await app.CreateBrowser().GetAsync(new Uri("/account", UriKind.Relative));

        response.AssertRedirect("/account/login?ReturnUrl=%2Faccount");
    }

    [Fact]
    public async Task A_reader_without_a_membership_is_invited_to_the_plans()
    {
        var (_, _, browser) = await SignedInReaderAsync();

        var page = await browser.GetPageAsync("/account");

        Assert.Contains("You are not a member yet", page.QuerySelector(".empty")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("No", (await FactsAsync(browser))["Ad-free"]);
        Assert.False(await AdFreeFromApiAsync(browser));
    }

    [Fact]
    public async Task An_active_membership_shows_its_renewal_date_and_can_be_cancelled()
    {
        var (_, id, browser) = await SignedInReaderAsync();
        var periodEnd = DateTimeOffset.UtcNow.AddDays(20);
        await app.AddSubscriptionAsync(id, await app.AddPlanAsync("Ad-Free Monthly"), "active", periodEnd);

        var facts = await FactsAsync(browser);

        Assert.Equal("Ad-Free Monthly", facts["Plan"]);
        Assert.Equal($"Renews on {Day(periodEnd)}", facts["Dates"]);
        Assert.StartsWith("Yes", facts["Ad-free"], StringComparison.Ordinal);
        Assert.True(await AdFreeFromApiAsync(browser));
        Assert.Equal("Manage billing|Cancel membership|Pause membership", facts["actions"]);
    }

    [Fact]
    public async Task A_membership_cancelled_at_period_end_shows_its_end_and_can_be_resumed()
    {
        var (_, id, browser) = await SignedInReaderAsync();
        var periodEnd = DateTimeOffset.UtcNow.AddDays(9);
        await app.AddSubscriptionAsync(id, await app.AddPlanAsync(), "active", periodEnd, cancelAtPeriodEnd: true);

        var facts = await FactsAsync(browser);

        Assert.Equal($"Ends on {Day(periodEnd)}", facts["Dates"]);
        Assert.StartsWith("Yes", facts["Ad-free"], StringComparison.Ordinal);
        Assert.Equal("Manage billing|Resume membership", facts["actions"]);
    }

    [Fact]
    public async Task A_failed_payment_shows_the_grace_period_the_policy_gives()
    {
        var (_, id, browser) = await SignedInReaderAsync();
        var failedAt = DateTimeOffset.UtcNow.AddDays(-2);
        await app.AddSubscriptionAsync(id, await app.AddPlanAsync(), "past_due", DateTimeOffset.UtcNow.AddDays(-2), firstFailedPaymentAt: failedAt);

        var facts = await FactsAsync(browser);

        Assert.Equal($"Payment failed — ad-free until {Day(failedAt.AddDays(7))}", facts["Dates"]);
        Assert.True(await AdFreeFromApiAsync(browser));
    }

    [Fact]
    public async Task An_ended_membership_says_so_and_is_not_ad_free()
    {
        var (_, id, browser) = await SignedInReaderAsync();
        await app.AddSubscriptionAsync(id, await app.AddPlanAsync(), "canceled", DateTimeOffset.UtcNow.AddDays(-3));

        var facts = await FactsAsync(browser);

        Assert.Equal("Ended", facts["Status"]);
        Assert.Equal("No", facts["Ad-free"]);
        Assert.False(await AdFreeFromApiAsync(browser));
        Assert.Equal("Manage billing", facts["actions"]);
    }

    [Fact]
    public async Task A_complimentary_membership_is_shown_with_its_end()
    {
        var (_, id, browser) = await SignedInReaderAsync();
        var until = DateTimeOffset.UtcNow.AddDays(30);
        await app.AddGrantAsync(id, until);

        var facts = await FactsAsync(browser);

        Assert.Equal("Complimentary membership", facts["Plan"]);
        Assert.Equal($"Yes Complimentary, until {Day(until)}", string.Join(' ', facts["Ad-free"].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Cancelling_asks_for_confirmation_and_changes_nothing_when_Stripe_is_unreachable()
    {
        var (_, id, browser) = await SignedInReaderAsync();
        await app.AddSubscriptionAsync(id, await app.AddPlanAsync(), "active", DateTimeOffset.UtcNow.AddDays(20));
        Assert.Equal("Cancel your membership", (await browser.GetPageAsync("/account/cancel")).Heading());

        var response = await browser.SubmitAsync("/account/cancel", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("membership is unchanged", (await response.ReadPageAsync()).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Subscriptions.Where(s => s.ReaderId == id).Select(s => s.CancelAtPeriodEnd).SingleAsync()));
    }

    [Fact]
    public async Task Resuming_changes_nothing_when_Stripe_is_unreachable()
    {
        var (_, id, browser) = await SignedInReaderAsync();
        await app.AddSubscriptionAsync(id, await app.AddPlanAsync(), "active", DateTimeOffset.UtcNow.AddDays(20), cancelAtPeriodEnd: true);

        var response = await browser.SubmitAsync("/account", new Dictionary<string, string>(), "main form[action*=Resume]");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Subscriptions.Where(s => s.ReaderId == id).Select(s => s.CancelAtPeriodEnd).SingleAsync()));
    }

    [Fact]
    public async Task Without_a_membership_there_is_nothing_to_cancel_or_resume()
    {
        var (_, _, browser) = await SignedInReaderAsync();

        (await browser.GetAsync(new Uri("/account/cancel", UriKind.Relative))).AssertRedirect("/account");
        Assert.Equal("You have no membership to cancel.", (await browser.GetPageAsync("/account")).Flash());
        var token = await browser.AntiforgeryTokenAsync("/account");
        (await browser.PostFormAsync("/account/cancel", [new(PageForms.TokenField, token)])).AssertRedirect("/account");
        (await browser.PostFormAsync("/account?handler=Resume", [new(PageForms.TokenField, token)])).AssertRedirect("/account");
        Assert.Equal("You have no membership to resume.", (await browser.GetPageAsync("/account")).Flash());
    }

    [Fact]
    public async Task Manage_billing_says_so_when_Stripe_is_unreachable()
    {
        var (_, id, browser) = await SignedInReaderAsync();
        await app.AddSubscriptionAsync(id, await app.AddPlanAsync(), "active", DateTimeOffset.UtcNow.AddDays(20));

        var response = await browser.GetAsync(new Uri("/account/billing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Billing is unavailable", (await response.ReadPageAsync()).Heading());
    }

    [Fact]
    public async Task The_display_name_can_be_set_and_removed_but_not_overlong()
    {
        var (email, _, browser) = await SignedInReaderAsync();

        (await browser.SubmitAsync("/account/profile", new Dictionary<string, string> { ["Input.DisplayName"] = "  Grace  " })).AssertRedirect("/account");
        Assert.Equal("Grace", await app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.DisplayName).SingleAsync()));

        var overlong = await browser.SubmitAsync("/account/profile", new Dictionary<string, string> { ["Input.DisplayName"] = new string('x', 101) });
        Assert.Equal(HttpStatusCode.BadRequest, overlong.StatusCode);
        Assert.Equal("Grace", await app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.DisplayName).SingleAsync()));

        (await browser.SubmitAsync("/account/profile", new Dictionary<string, string> { ["Input.DisplayName"] = "" })).AssertRedirect("/account");
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.DisplayName).SingleAsync()));
    }

    [Theory]
    [InlineData("Wrong-Password-1", "Brand-New-Secret-4", "Brand-New-Secret-4", "Input.CurrentPassword")]
    [InlineData("", "Brand-New-Secret-4", "Brand-New-Secret-4", "Input.CurrentPassword")]
    [InlineData(Readers.Password, "weak", "weak", "Input.NewPassword")]
    [InlineData(Readers.Password, "Brand-New-Secret-4", "Other-Secret-4", "Input.ConfirmPassword")]
    public async Task A_bad_password_change_is_a_400_and_keeps_the_old_password(string current, string next, string confirm, string field)
    {
        var (email, _, browser) = await SignedInReaderAsync();
        var hash = await app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.PasswordHash).SingleAsync());

        var response = await browser.SubmitAsync("/account/password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = confirm,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadPageAsync()).QuerySelector($".error-summary a[href='#{field.Replace('.', '_')}']"));
        Assert.Equal(hash, await app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_and_the_new_password_signs_in()
    {
        var (email, _, browser) = await SignedInReaderAsync();

        var response = await browser.SubmitAsync("/account/password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = Readers.Password,
            ["Input.NewPassword"] = "Brand-New-Secret-4",
            ["Input.ConfirmPassword"] = "Brand-New-Secret-4",
        });

        response.AssertRedirect("/account");
        Assert.Equal("Your password is changed.", (await browser.GetPageAsync("/account")).Flash());
        await app.SignedInBrowserAsync(email, "Brand-New-Secret-4");
    }

    [Fact]
    public async Task Every_account_page_has_one_h1_and_labelled_inputs()
    {
        var (_, _, browser) = await SignedInReaderAsync();
        string[] pages = ["/account", "/account/profile", "/account/email", "/account/password", "/account/delete", "/account/logout"];
        string[] signedOutPages = ["/account/login", "/account/register", "/account/forgot-password", "/account/resend-confirmation", "/account/reset-password?code=abc", "/"];

        foreach (var (client, url) in pages.Select(p => (browser, p)).Concat(signedOutPages.Select(p => (app.CreateBrowser(), p))))
        {
            var page = await client.GetPageAsync(url);
            Assert.True(page.QuerySelectorAll("h1").Length == 1, $"{url} has {page.QuerySelectorAll("h1").Length} h1");
            foreach (var input in page.QuerySelectorAll("main input:not([type=hidden]), main select, main textarea"))
                Assert.True(page.QuerySelector($"label[for='{input.Id}']") is not null, $"{url}: input {input.Id} has no label");
            foreach (var input in page.QuerySelectorAll("main input[type=email], main input[type=password]"))
                Assert.False(string.IsNullOrEmpty(input.GetAttribute("autocomplete")), $"{url}: input {input.Id} has no autocomplete");
        }
    }
}
