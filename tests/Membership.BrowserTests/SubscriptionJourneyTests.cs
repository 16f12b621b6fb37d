using Membership.BrowserTests.Infrastructure;
using Membership.StripeEmulator;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Membership.BrowserTests;

/// <summary>The service with the Stripe emulator beside it, delivering webhooks over the network as Stripe does.</summary>
public class BillingBrowserApp : BrowserApp
{
    private StripeEmulatorServer? _emulator;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stripe:ApiBase"] = _emulator!.BaseUrl.ToString(),
        ["Billing:SeedPlans"] = "true",
        ["Billing:ScheduledSync"] = "false",
    };

    public override async Task InitializeAsync()
    {
        _emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions { Port = 0, WebhookUrl = $"{BaseUrl}/webhooks/stripe" });
        await base.InitializeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await PricedPlansAsync() < 2)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The default plans did not reach Stripe.");
            await Task.Delay(50);
        }
    }

    private async Task<int> PricedPlansAsync()
    {
        await using var db = TestDatabase.CreateContext(Database.ConnectionString);
        return await db.Plans.CountAsync(p => p.StripePriceId != null);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_emulator is not null)
            await _emulator.DisposeAsync();
    }
}

public sealed class SubscriptionJourneyTests(BillingBrowserApp app) : IClassFixture<BillingBrowserApp>
{
    private const string Password = "Correct-Horse-9";

    [Fact]
    public async Task A_reader_registers_pays_on_the_checkout_page_is_ad_free_then_cancels_and_resumes()
    {
        var email = $"journey-{Guid.NewGuid():N}@example.test";
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await page.GotoAsync("/");
        await BrowserApp.ScreenshotAsync(page, "journey-plans");
        await page.GetByRole(AriaRole.Link, new() { Name = "Choose Ad-Free Monthly" }).ClickAsync();
        // Signed out: the plan link asks for a sign-in first and comes back to the plan, which the reader confirms.
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ad-Free Monthly");
        await BrowserApp.ScreenshotAsync(page, "journey-plan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();

        await page.GetByLabel("Card number").FillAsync("4242424242424242");
        await BrowserApp.ScreenshotAsync(page, "journey-checkout");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await page.WaitForURLAsync("**/subscribe/success?session_id=*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You're ad-free", new() { Timeout = 20_000 });
        await BrowserApp.ScreenshotAsync(page, "journey-success");

        await page.GetByRole(AriaRole.Link, new() { Name = "See your membership" }).ClickAsync();
        var membership = page.GetByRole(AriaRole.Region, new() { Name = "Membership" });
        await Assertions.Expect(membership).ToContainTextAsync("Ad-Free Monthly");
        await Assertions.Expect(membership).ToContainTextAsync("Renews on");
        await Assertions.Expect(membership.Locator(".badge-ok")).ToHaveTextAsync("Yes");
        await BrowserApp.ScreenshotAsync(page, "journey-account-ad-free");

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Cancel membership" }).ClickAsync();
        await BrowserApp.ScreenshotAsync(page, "journey-cancel-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel at the end of the period" }).ClickAsync();
        await Assertions.Expect(membership).ToContainTextAsync("Ends on");
        await Assertions.Expect(membership.Locator(".badge-ok")).ToHaveTextAsync("Yes");
        await BrowserApp.ScreenshotAsync(page, "journey-account-cancelling");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume membership" }).ClickAsync();
        await Assertions.Expect(membership).ToContainTextAsync("Renews on");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume membership" })).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "journey-account-resumed");
    }

    [Fact]
    public async Task A_declined_card_is_told_so_on_the_checkout_page_and_nothing_is_bought()
    {
        var email = $"declined-{Guid.NewGuid():N}@example.test";
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.GotoAsync("/account/login?returnUrl=%2Fsubscribe%2Fadfree-yearly");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();

        await page.GetByLabel("Card number").FillAsync("4000000000000341");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Assertions.Expect(page.GetByText("declined", new() { Exact = false }).First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "journey-checkout-declined");
        await page.GotoAsync($"{app.BaseUrl}/account");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Membership" })).ToContainTextAsync("You are not a member yet");
    }
}
