using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Stripe;

namespace Membership.Tests.Rights;

/// <summary>Data export, pause and withdrawal through the JSON API, against the emulator and the mail folder.</summary>
public sealed class ReaderRightsApiTests(RightsApp app) : IClassFixture<RightsApp>
{
    [Fact]
    public async Task The_export_holds_the_readers_account_and_subscription()
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        var email = (await reader.MeAsync()).Email!;

        var response = await reader.GetAsync("/api/v1/me/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(email, document.RootElement.GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal(readerId, document.RootElement.GetProperty("profile").GetProperty("id").GetGuid());
        Assert.Contains(document.RootElement.GetProperty("subscriptions").EnumerateArray(), s => s.GetProperty("stripeSubscriptionId").GetString() == subscriptionId);
    }

    [Fact]
    public async Task The_terms_accepted_at_checkout_are_kept_with_the_subscription_and_exported()
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();

        var inStripe = await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId);
        Assert.Equal("1", inStripe.Metadata["terms_version"]);
        var local = Assert.Single(await app.SubscriptionsOfAsync(readerId));
        Assert.Equal("1", local.TermsVersion);
        Assert.Equal(new DateTimeOffset(inStripe.Created, TimeSpan.Zero), local.TermsAcceptedAt);

        using var document = JsonDocument.Parse(await reader.GetStringAsync("/api/v1/me/export"));
        var consent = Assert.Single(document.RootElement.GetProperty("consents").EnumerateArray());
        Assert.Equal(subscriptionId, consent.GetProperty("stripeSubscriptionId").GetString());
        Assert.Equal("1", consent.GetProperty("termsVersion").GetString());
        Assert.Equal(local.TermsAcceptedAt, consent.GetProperty("acceptedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("mailsSent").ValueKind);
        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("auditEntries").ValueKind);
    }

    [Fact]
    public async Task The_export_needs_a_signed_in_reader()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/me/export");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_pause_stops_collection_in_Stripe_until_the_chosen_month_and_is_mailed()
    {
        var (reader, _, subscriptionId) = await app.SubscribedReaderAsync();
        var email = (await reader.MeAsync()).Email!;

        var response = await reader.PostAsJsonAsync("/api/v1/me/subscription/pause", new { months = 2 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inStripe = await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId);
        Assert.Equal("void", inStripe.PauseCollection?.Behavior);
        var resumesAt = new DateTimeOffset(inStripe.PauseCollection!.ResumesAt!.Value, TimeSpan.Zero);
        Assert.InRange(resumesAt, DateTimeOffset.UtcNow.AddMonths(2).AddDays(-1), DateTimeOffset.UtcNow.AddMonths(2).AddDays(1));
        await app.Mail.WaitForAsync(email, "paused");

        Assert.Equal(HttpStatusCode.NoContent, (await reader.PostAsync("/api/v1/me/subscription/unpause", null)).StatusCode);
        Assert.Null((await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).PauseCollection);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task A_pause_outside_one_to_three_months_is_refused_and_changes_nothing(int months)
    {
        var (reader, _, subscriptionId) = await app.SubscribedReaderAsync();

        var response = await reader.PostAsJsonAsync("/api/v1/me/subscription/pause", new { months });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null((await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).PauseCollection);
    }

    [Fact]
    public async Task A_withdrawal_within_fourteen_days_refunds_in_full_ends_at_once_and_is_mailed()
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        var email = (await reader.MeAsync()).Email!;
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);

        var response = await reader.PostAsync("/api/v1/me/subscription/withdraw", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("canceled", (await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).Status);
        var customer = (await app.ReaderAsync(readerId)).StripeCustomerId;
        var charges = await app.Stripe.V1.Charges.ListAsync(new ChargeListOptions { Customer = customer });
        Assert.NotEmpty(charges.Data);
        Assert.All(charges.Data.Where(c => c.Status == "succeeded"), c => Assert.Equal(c.Amount, c.AmountRefunded));
        Assert.False((await reader.MeAsync()).Entitlement.AdFree);
        var mail = await app.Mail.WaitForAsync(email, "withdrew");
        Assert.Contains("UTC", mail.TextBody);
        Assert.Contains("/cancel", mail.TextBody);

        // A second withdrawal finds nothing left to end and refunds nothing more.
        Assert.Equal(HttpStatusCode.Conflict, (await reader.PostAsync("/api/v1/me/subscription/withdraw", null)).StatusCode);
    }

    [Fact]
    public async Task A_withdrawal_after_fourteen_days_is_refused_and_changes_nothing()
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddDays(-20));

        var response = await clocked.Reader.PostAsync("/api/v1/me/subscription/withdraw", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("active", (await app.Stripe.V1.Subscriptions.GetAsync(clocked.SubscriptionId)).Status);
    }
}
