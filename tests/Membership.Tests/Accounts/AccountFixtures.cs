using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Accounts;

/// <summary>Readers, plans and billing state for the account tests.</summary>
public static class AccountFixtures
{
    public static string NewEmail(string prefix = "reader") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    /// <summary>A client address of its own (the rate limits count per address).</summary>
    public static string SomeAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    /// <summary>Registers through the JSON API and, when asked, confirms by following the link in the mail, as a reader does.</summary>
    public static async Task<string> RegisterAsync(this AccountsApp app, bool confirmed = true, string? email = null)
    {
        email ??= NewEmail();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(AccountsApp.ClientAddressHeader, SomeAddress()); // outside any test's rate limit
        (await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = Readers.Password })).EnsureSuccessStatusCode();
        if (confirmed)
        {
            var mail = await app.Mail.WaitForAsync(email, "Confirm your email");
            (await client.GetAsync(new Uri(new Uri(MailFolder.Link(mail, "/account/confirm-email")).PathAndQuery, UriKind.Relative))).EnsureSuccessStatusCode();
        }
        return email;
    }

    /// <summary>A cookie-keeping client signed in through the sign-in page.</summary>
    public static async Task<HttpClient> SignedInBrowserAsync(this AccountsApp app, string email, string password = Readers.Password)
    {
        var browser = app.CreateBrowser();
        browser.DefaultRequestHeaders.Add(AccountsApp.ClientAddressHeader, SomeAddress());
        var response = await browser.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        response.AssertRedirect("/account");
        return browser;
    }

    /// <summary>
    /// Waits until every message queued so far is delivered: mail leaves in order, so once a marker queued
    /// now has arrived, so has everything before it. Lets a test assert that no mail was sent.
    /// </summary>
    public static async Task FlushMailAsync(this AccountsApp app)
    {
        var marker = NewEmail("flush");
        app.Services.GetRequiredService<AccountMail>().AccountDeleted(marker);
        await app.Mail.WaitForAsync(marker, "deleted");
    }

    public static Task<Guid> ReaderIdAsync(this AccountsApp app, string email) =>
        app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.Id).SingleAsync());

    public static Task<int> CountReadersAsync(this AccountsApp app, string email) =>
        app.WithDbAsync(db => db.Users.CountAsync(r => r.NormalizedEmail == Normalize(email)));

    private static string Normalize(string email) => email.ToUpperInvariant();

    public static Task<string> AddPlanAsync(this AccountsApp app, string name = "Ad-Free Monthly") =>
        app.WithDbAsync(async db =>
        {
            var key = $"plan-{Guid.NewGuid():N}"[..20];
            db.Plans.Add(new Plan { Key = key, Name = name, Amount = 500, StripeProductId = $"prod_{key}", StripePriceId = $"price_{key}" });
            await db.SaveChangesAsync();
            return key;
        });

    /// <summary>
    /// Billing state as the subscription sync would have written it. The Stripe emulator is not part of these
    /// tests, so the row is put in place directly; the pages under test only read it.
    /// </summary>
    public static Task AddSubscriptionAsync(this AccountsApp app, Guid readerId, string planKey, string status,
        DateTimeOffset periodEnd, bool cancelAtPeriodEnd = false, DateTimeOffset? firstFailedPaymentAt = null) =>
        app.WithDbAsync(async db =>
        {
            var customerId = $"cus_{readerId:N}"[..18];
            var reader = await db.Users.SingleAsync(r => r.Id == readerId);
            reader.StripeCustomerId ??= customerId;
            db.Subscriptions.Add(new MemberSubscription
            {
                StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
                ReaderId = readerId,
                StripeCustomerId = reader.StripeCustomerId,
                PlanKey = planKey,
                Status = status,
                CurrentPeriodEnd = periodEnd,
                CancelAtPeriodEnd = cancelAtPeriodEnd,
                FirstFailedPaymentAt = firstFailedPaymentAt,
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            db.SubscriptionHistory.Add(new SubscriptionHistoryEntry
            {
                ReaderId = readerId,
                Change = "status",
                To = status,
                Cause = "test setup",
                OccurredAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

    public static Task AddGrantAsync(this AccountsApp app, Guid readerId, DateTimeOffset? until, string reason = "staff") =>
        app.WithDbAsync(async db =>
        {
            db.Grants.Add(new ComplimentaryGrant
            {
                Id = Guid.NewGuid(),
                ReaderId = readerId,
                Feature = PlanFeatures.AdFree,
                StartsAt = DateTimeOffset.UtcNow.AddDays(-1),
                Until = until,
                Reason = reason,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
}
