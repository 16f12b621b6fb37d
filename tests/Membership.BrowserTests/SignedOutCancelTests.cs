using Deque.AxeCore.Playwright;
using Membership.BrowserTests.Infrastructure;
using Membership.Tests.Accounts;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Membership.Web.Rights;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Stripe;

namespace Membership.BrowserTests;

/// <summary>
/// §312k BGB in a real browser: a paying member, signed out, cancels at <c>/cancel</c> with two form submits
/// (the address, then the confirmation behind the mailed link). The pages pass axe-core.
/// </summary>
public sealed class SignedOutCancelTests(BillingBrowserApp app) : IClassFixture<BillingBrowserApp>
{
    [Fact]
    public async Task A_signed_out_member_cancels_in_two_submits_and_stays_ad_free_until_the_end_date()
    {
        var (email, readerId, subscriptionId) = await PayingMembers.CreateAsync(app);
        var endsAt = (await PayingMembers.SubscriptionAsync(app, readerId)).CurrentPeriodEnd!.Value;
        var page = await app.NewPageAsync();
        var submits = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.IsNavigationRequest)
                Interlocked.Increment(ref submits);
        };

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Link, new() { Name = "Cancel membership" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cancel$"));
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(email);
        await AssertAccessibleAsync(page);
        await BrowserApp.ScreenshotAsync(page, "cancel-signed-out-sent");

        var linkMail = await app.Mail.WaitForAsync(email, "Confirm the cancellation");
        await page.GotoAsync(MailFolder.Link(linkMail, "/cancel/confirm"));
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(RightsMail.Stamp(endsAt));
        await AssertAccessibleAsync(page);
        await BrowserApp.ScreenshotAsync(page, "cancel-signed-out-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel membership" }).ClickAsync();

        var confirmation = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(confirmation).ToContainTextAsync("Your membership is cancelled");
        await Assertions.Expect(confirmation).ToContainTextAsync($"You stay a member until {RightsMail.Stamp(endsAt)}");
        await AssertAccessibleAsync(page);
        await BrowserApp.ScreenshotAsync(page, "cancel-signed-out-done");
        Assert.True(submits <= 2, $"{submits} form submits");

        var stripe = app.Services.GetRequiredService<StripeClient>();
        var inStripe = await stripe.V1.Subscriptions.GetAsync(subscriptionId);
        Assert.True(inStripe.CancelAtPeriodEnd);
        var declaredAt = CheckoutMetadata.CancelDeclared(inStripe.Metadata) ?? throw new InvalidOperationException("No declaration time in Stripe.");
        var mail = await app.Mail.WaitForAsync(email, "will end");
        Assert.Contains($"We received your cancellation on {BillingMail.Stamp(declaredAt)}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(BillingMail.Stamp(endsAt), mail.TextBody, StringComparison.Ordinal);
        await Assertions.Expect(confirmation).ToContainTextAsync(RightsMail.Stamp(declaredAt));

        await PayingMembers.WaitUntilAsync(async () => (await PayingMembers.SubscriptionAsync(app, readerId)).CancelAtPeriodEnd, "the cancellation to reach the service");
        await using var scope = app.Services.CreateAsyncScope();
        var entitlement = await scope.ServiceProvider.GetRequiredService<ReaderEntitlements>().EvaluateAsync(readerId, CancellationToken.None);
        Assert.True(entitlement.AdFree);
        Assert.True(entitlement.ValidUntil >= endsAt, $"ad-free until {entitlement.ValidUntil}, paid until {endsAt}");
    }

    internal static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0,
            string.Join("; ", result.Violations.Select(v => $"{v.Id}: {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }
}
