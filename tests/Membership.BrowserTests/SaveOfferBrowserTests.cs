using Membership.BrowserTests.Infrastructure;
using Membership.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Stripe;

namespace Membership.BrowserTests;

/// <summary>The billing browser app with the retention offer on (20% off the next 3 monthly payments).</summary>
public sealed class SaveOfferBrowserApp : BillingBrowserApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Membership:Legal:SaveOfferPercentOff"] = "20",
        ["Membership:Legal:SaveOfferMonths"] = "3",
    };
}

/// <summary>The retention offer never costs the reader a click: "Cancel anyway" sits beside it and cancels at once.</summary>
public sealed class SaveOfferBrowserTests(SaveOfferBrowserApp app) : IClassFixture<SaveOfferBrowserApp>
{
    [Fact]
    public async Task The_offer_stands_beside_cancel_anyway_which_still_cancels_in_two_submits()
    {
        var (email, _, subscriptionId) = await PayingMembers.CreateAsync(app);
        var page = await app.NewPageAsync();
        var submits = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.IsNavigationRequest)
                Interlocked.Increment(ref submits);
        };

        await page.GotoAsync("/cancel");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.GotoAsync(MailFolder.Link(await app.Mail.WaitForAsync(email, "Confirm the cancellation"), "/cancel/confirm"));

        var cancelAnyway = page.GetByRole(AriaRole.Button, new() { Name = "Cancel anyway" });
        var stay = page.GetByRole(AriaRole.Button, new() { Name = "Stay with 20% off" });
        await Assertions.Expect(cancelAnyway).ToBeVisibleAsync();
        await Assertions.Expect(stay).ToBeVisibleAsync();
        await SignedOutCancelTests.AssertAccessibleAsync(page);
        await page.SetViewportSizeAsync(390, 844);
        await BrowserApp.ScreenshotAsync(page, "cancel-save-offer-390");
        await cancelAnyway.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your membership is cancelled");
        Assert.True(submits <= 2, $"{submits} form submits");
        var inStripe = await app.Services.GetRequiredService<StripeClient>().V1.Subscriptions.GetAsync(subscriptionId);
        Assert.True(inStripe.CancelAtPeriodEnd);
        Assert.Empty(inStripe.Discounts ?? []);
    }
}
