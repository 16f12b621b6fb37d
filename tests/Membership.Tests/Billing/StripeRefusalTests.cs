using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Membership.Tests.Billing;

/// <summary>
/// Stripe answering "no" is not Stripe being down: the caller gets a 502 problem that says waiting will
/// not help (a reader in plain words, an admin with what Stripe named), never the 503 "try again in a few
/// minutes", and the refusal is logged at error level with Stripe's request id and without the secret key.
/// </summary>
public sealed partial class StripeRefusalTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>, IDisposable
{
    private const string WrongKey = "sk_test_NotTheEmulatorsKey51Hx0Q7731";

    public void Dispose() => app.Emulator.DropDeliveries = false;

    [Fact]
    public async Task Cancelling_a_subscription_Stripe_has_ended_is_a_plain_502_logged_with_Stripe_s_request_id()
    {
        var logs = new LevelledLogCapture();
        await using var instance = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var (reader, readerId, _) = await EndedUnnoticedAsync(instance);

        var response = await reader.PostAsync(new Uri("/api/v1/me/subscription/cancel", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.RetryAfter);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Equal("Payment provider refused the request", problem.GetProperty("title").GetString());
        Assert.Contains("Trying again will not help", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("few minutes", detail, StringComparison.Ordinal);
        var requestId = RequestId().Match(detail).Value;
        Assert.StartsWith("req_", requestId, StringComparison.Ordinal);
        var logged = Assert.Single(logs.Entries, e => e.Line.Contains("Stripe refused POST /api/v1/me/subscription/cancel", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(requestId, logged.Line, StringComparison.Ordinal);
        Assert.Contains($"for reader {readerId}", logged.Line, StringComparison.Ordinal);
        Assert.Contains("A canceled subscription can only update", logged.Line, StringComparison.Ordinal); // Stripe's own words
        Assert.DoesNotContain(logs.Entries, e => e.Line.Contains("sk_test_emulator", StringComparison.Ordinal));
        // Learnt on the way: the subscription Stripe ended is ended here too.
        Assert.Equal("canceled", Assert.Single(await app.SubscriptionsOfAsync(readerId)).Status);
    }

    [Fact]
    public async Task The_cancel_page_says_plainly_that_waiting_will_not_help()
    {
        var (reader, _, _) = await EndedUnnoticedAsync(app);

        var response = await reader.SubmitAsync("/account/cancel", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var alert = (await response.ReadPageAsync()).QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("your membership is unchanged", alert, StringComparison.Ordinal);
        Assert.Contains("Trying again will not help", alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_whose_Stripe_key_is_refused_is_told_so_and_the_key_appears_nowhere()
    {
        var logs = new LevelledLogCapture();
        await using var instance = app.WithWebHostBuilder(b => b
            .UseSetting("Stripe:SecretKey", WrongKey)
            .UseSetting("Billing:ProcessEvents", "false")
            .ConfigureLogging(l => l.AddProvider(logs)));
        var admin = instance.CreateClient();
        await admin.SignInAsync(StripeBackedApp.AdminEmail, StripeBackedApp.AdminPassword);

        var response = await admin.PostAsJsonAsync("/api/v1/admin/plans", new { key = "refused-plan", name = "Refused", amount = 300, currency = "usd", interval = "month" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
        var body = await response.Content.ReadAsStringAsync();
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("HTTP 401", detail, StringComparison.Ordinal);
        Assert.Contains("api_key_invalid", detail, StringComparison.Ordinal);
        Assert.Contains("Invalid API Key", detail, StringComparison.Ordinal);
        Assert.Contains("retrying will not help", detail, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Plans.AnyAsync(p => p.Key == "refused-plan")));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Line.Contains("Stripe refused the change of plan refused-plan", StringComparison.Ordinal));
        foreach (var secret in new[] { WrongKey, WrongKey[..12], "*7731" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain(logs.Entries, e => e.Line.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>A subscribed reader, signed in on <paramref name="instance"/>, whose subscription Stripe has ended without the service hearing of it.</summary>
    private async Task<(HttpClient Reader, Guid ReaderId, string SubscriptionId)> EndedUnnoticedAsync(WebApplicationFactory<Program> instance)
    {
        var (subscribed, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        var email = (await subscribed.MeAsync()).Email!;
        app.Emulator.DropDeliveries = true;
        await app.Stripe.V1.Subscriptions.CancelAsync(subscriptionId);
        app.Emulator.DropDeliveries = false;
        Assert.Equal("active", Assert.Single(await app.SubscriptionsOfAsync(readerId)).Status);
        var reader = instance.CreateClient();
        await reader.SignInAsync(email, Readers.Password);
        return (reader, readerId, subscriptionId);
    }

    [GeneratedRegex("req_[A-Za-z0-9]+")]
    private static partial Regex RequestId();
}
