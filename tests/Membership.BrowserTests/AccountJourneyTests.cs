using Membership.BrowserTests.Infrastructure;
using Membership.Tests.Accounts;
using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Membership.BrowserTests;

/// <summary>The service with a second site origin (localhost instead of 127.0.0.1) and an unreachable Stripe.</summary>
public sealed class AccountsBrowserApp : BrowserApp
{
    public string SiteOrigin => $"http://localhost:{Port}";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Membership:SiteOrigins"] = $"{BaseUrl},{SiteOrigin}",
        ["Stripe:ApiBase"] = "http://127.0.0.1:1",
        ["Billing:SyncCatalogAtStart"] = "false",
    };
}

public sealed class AccountJourneyTests(AccountsBrowserApp app) : IClassFixture<AccountsBrowserApp>
{
    private const string Password = "Correct-Horse-9";

    private static string NewEmail() => $"reader-{Guid.NewGuid():N}@example.test";

    private static Task<string> HeadingAsync(IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync();

    private async Task<string> RegisterAndConfirmAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        var link = MailFolder.Link(await app.Mail.WaitForAsync(email, "Confirm your email"), "/account/confirm-email");
        await page.GotoAsync(link);
        return link;
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/account");
    }

    [Fact]
    public async Task A_reader_registers_confirms_by_mail_signs_in_sees_the_account_and_signs_out()
    {
        var email = NewEmail();
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create account" }).ClickAsync();
        Assert.Equal("Create an account", await HeadingAsync(page));
        await BrowserApp.ScreenshotAsync(page, "account-register");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        Assert.Equal("error-summary", await page.EvaluateAsync<string>("document.activeElement.className"));
        await BrowserApp.ScreenshotAsync(page, "account-register-errors");
        await page.GetByRole(AriaRole.Link, new() { Name = "Enter your email address." }).ClickAsync();
        Assert.Equal("Input_Email", await page.EvaluateAsync<string>("document.activeElement.id"));

        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Display name").FillAsync("Ada <b>L</b>");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        Assert.Equal("Check your inbox", await HeadingAsync(page));
        await BrowserApp.ScreenshotAsync(page, "account-check-email");

        await page.GotoAsync(MailFolder.Link(await app.Mail.WaitForAsync(email, "Confirm your email"), "/account/confirm-email"));
        Assert.Equal("Email address confirmed", await HeadingAsync(page));
        await BrowserApp.ScreenshotAsync(page, "account-confirmed");

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        Assert.Equal("Sign in", await HeadingAsync(page));
        await BrowserApp.ScreenshotAsync(page, "account-login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync("**/account");
        Assert.Equal("Your account", await HeadingAsync(page));
        Assert.Contains("Ada <b>L</b>", await page.GetByRole(AriaRole.Main).InnerTextAsync(), StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "account-overview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/");
        Assert.Equal("You are signed out.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        await BrowserApp.ScreenshotAsync(page, "account-signed-out");
        await page.GotoAsync("/account");
        Assert.Equal("Sign in", await HeadingAsync(page));
    }

    [Fact]
    public async Task A_reader_signs_in_with_the_keyboard_alone_and_sees_where_the_focus_is()
    {
        var email = NewEmail();
        await RegisterAndConfirmAsync(await app.NewPageAsync(), email);
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");

        for (var presses = 0; await page.EvaluateAsync<string>("document.activeElement.id") != "Input_Email"; presses++)
        {
            Assert.True(presses < 15, "The email field is not reachable with Tab.");
            await page.Keyboard.PressAsync("Tab");
        }
        var outline = await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth");
        Assert.Equal("solid 3px", outline);
        await BrowserApp.ScreenshotAsync(page, "account-login-keyboard-focus");
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Input_Password", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.TypeAsync(Password);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync("**/account");
        Assert.Equal("Your account", await HeadingAsync(page));
    }

    [Fact]
    public async Task Signing_in_can_return_the_reader_to_a_page_on_the_site()
    {
        var email = NewEmail();
        var page = await app.NewPageAsync();
        await RegisterAndConfirmAsync(page, email);
        var siteHome = app.SiteOrigin + "/";

        await page.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString(siteHome));
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The form's redirect leaves this origin: the CSP's form-action must allow the site's origin.
        await page.WaitForURLAsync(siteHome);
        Assert.Equal("Support Example News - Go Ad-Free!", await HeadingAsync(page));
    }

    [Fact]
    public async Task The_API_reference_renders_under_the_content_security_policy()
    {
        var page = await app.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal) && !message.Text.Contains("font", StringComparison.OrdinalIgnoreCase))
                refused.Add(message.Text);
        };

        await page.GotoAsync("/docs");

        await page.GetByText("/api/v1/me").First.WaitForAsync();
        await BrowserApp.ScreenshotAsync(page, "docs");
        Assert.Empty(refused);
    }

    [Fact]
    public async Task Every_reader_page_is_shown_for_a_person_to_look_at()
    {
        var email = NewEmail();
        var page = await app.NewPageAsync();
        await RegisterAndConfirmAsync(page, email);
        await SignInAsync(page, email);
        await AddActiveMembershipAsync(email);

        async Task Shoot(string url, string name, string heading)
        {
            await page.GotoAsync(url);
            Assert.Equal(heading, await HeadingAsync(page));
            await BrowserApp.ScreenshotAsync(page, name);
        }

        await Shoot("/account", "account-member", "Your account");
        await Shoot("/account/cancel", "account-cancel", "Cancel your membership");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel at the end of the period" }).ClickAsync();
        await BrowserApp.ScreenshotAsync(page, "account-cancel-stripe-down");
        await Shoot("/account/profile", "account-profile", "Display name");
        await Shoot("/account/email", "account-email", "Change your email address");
        await Shoot("/account/password", "account-password", "Change your password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await BrowserApp.ScreenshotAsync(page, "account-password-errors");
        await Shoot("/account/delete", "account-delete", "Delete your account");
        await Shoot("/account/logout", "account-logout", "Sign out");
        await Shoot("/subscribe/no-such-plan", "subscribe-unknown-plan", "We could not find that plan");
        await Shoot("/subscribe/success?session_id=cs_test_a1", "subscribe-success", "You're ad-free");
        await Shoot("/account/access-denied", "account-access-denied", "You do not have access to this page");

        var signedOut = await app.NewPageAsync();
        page = signedOut;
        await Shoot("/account/forgot-password", "account-forgot-password", "Forgot your password?");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        await BrowserApp.ScreenshotAsync(page, "account-forgot-password-sent");
        await Shoot(MailFolder.Link(await app.Mail.WaitForAsync(email, "Reset your"), "/account/reset-password"), "account-reset-password", "Choose a new password");
        await Shoot("/account/resend-confirmation", "account-resend-confirmation", "Confirm your email address");
        await Shoot("/account/confirm-email?userId=x&code=y", "account-confirm-broken", "This link does not work");
    }

    private async Task AddActiveMembershipAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MembershipDbContext>();
        var reader = await db.Users.SingleAsync(r => r.Email == email);
        var key = $"plan-{Guid.NewGuid():N}"[..20];
        db.Plans.Add(new Plan { Key = key, Name = "Ad-Free Monthly", Amount = 500, StripePriceId = "price_" + key });
        reader.StripeCustomerId = "cus_" + key;
        db.Subscriptions.Add(new MemberSubscription
        {
            StripeSubscriptionId = "sub_" + key,
            ReaderId = reader.Id,
            StripeCustomerId = reader.StripeCustomerId,
            PlanKey = key,
            Status = "active",
            CurrentPeriodEnd = DateTimeOffset.UtcNow.AddDays(20),
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
