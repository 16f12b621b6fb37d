using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Tests.Importing;

/// <summary>The service on the emulator with its import worker polling quickly and mail kept in a folder of its own.</summary>
public sealed class ImportTestApp : StripeBackedApp
{
    public MailFolder Mail { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Imports:PollInterval"] = "00:00:00.100",
        ["Smtp:PickupDirectory"] = Mail.Path,
    };

    /// <summary>A customer with a paid monthly subscription made straight in Stripe, as another system would have.</summary>
    public async Task<(string CustomerId, string SubscriptionId)> StripeMemberAsync(string? email, string? priceId = null, string? clockId = null, bool cancelAtPeriodEnd = false)
    {
        priceId ??= await this.WithDbAsync(db => db.Plans.Where(p => p.Key == "adfree-monthly").Select(p => p.StripePriceId!).SingleAsync());
        var customer = await Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = email, Name = "Imported Person", TestClock = clockId });
        var subscription = await Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = priceId }],
            DefaultPaymentMethod = "pm_card_visa",
        });
        if (cancelAtPeriodEnd)
            await Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        return (customer.Id, subscription.Id);
    }
}

/// <summary>Starting imports over the admin API and waiting for them to end.</summary>
public static class ImportRuns
{
    private static readonly string[] Started = ["queued", "running", "completed"];

    public static async Task<JsonElement> StripeAsync(this HttpClient admin, bool dryRun)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/admin/imports", new { source = "stripe", dryRun });
        return await FinishedAsync(admin, response);
    }

    public static async Task<JsonElement> CsvAsync(this HttpClient admin, string csv, bool dryRun)
    {
        var response = await admin.PostAsync(new Uri($"/api/v1/admin/imports?source=csv&dryRun={(dryRun ? "true" : "false")}", UriKind.Relative),
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        return await FinishedAsync(admin, response);
    }

    public static async Task<JsonElement> FinishedAsync(HttpClient admin, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(job.GetProperty("status").GetString(), Started);
        return await WaitAsync(admin, job.GetProperty("id").GetGuid());
    }

    public static Task<JsonElement> WaitAsync(HttpClient admin, Guid id) =>
        Eventually.ValueAsync(
            () => admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/imports/{id}?limit=5000"),
            job => job.GetProperty("status").GetString() is "completed" or "failed",
            $"import {id} to complete or fail", TimeSpan.FromSeconds(60));

    /// <summary>The report line of one subscription or CSV row.</summary>
    public static JsonElement Line(this JsonElement job, string key) =>
        Assert.Single(job.GetProperty("report").EnumerateArray(), l => l.GetProperty("key").GetString() == key);

    public static string Action(this JsonElement job, string key) => job.Line(key).GetProperty("action").GetString()!;

    public static int Count(this JsonElement job, string action) => job.GetProperty("counts").GetProperty(action).GetInt32();
}
