using System.Net.Http.Headers;
using System.Text.Json;
using Membership.Tests.Billing;

namespace Membership.Tests.Infrastructure;

/// <summary>Stripe's events as raw JSON, read from the emulator's /v1/events, and delivered to the service by hand.</summary>
public static class StripeEvents
{
    public static async Task<JsonElement> GetRawAsync(this StripeBackedApp app, string path)
    {
        using var http = new HttpClient { BaseAddress = app.Emulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk_test_emulator");
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)));
        return document.RootElement.Clone();
    }

    /// <summary>The id of the newest event so far, so a scenario can later take exactly the events it caused.</summary>
    public static async Task<string?> NewestEventIdAsync(this StripeBackedApp app)
    {
        var page = await app.GetRawAsync("/v1/events?limit=1");
        return page.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()).FirstOrDefault();
    }

    /// <summary>Every event after <paramref name="marker"/>, oldest first, as Stripe would send them.</summary>
    public static async Task<List<JsonElement>> EventsSinceAsync(this StripeBackedApp app, string? marker)
    {
        var newestFirst = new List<JsonElement>();
        string? startingAfter = null;
        while (true)
        {
            var page = await app.GetRawAsync("/v1/events?limit=100" + (startingAfter is null ? "" : $"&starting_after={startingAfter}"));
            foreach (var item in page.GetProperty("data").EnumerateArray())
            {
                if (item.GetProperty("id").GetString() == marker)
                    return Reverse(newestFirst);
                newestFirst.Add(item);
            }
            if (!page.GetProperty("has_more").GetBoolean() || newestFirst.Count == 0)
                return Reverse(newestFirst);
            startingAfter = newestFirst[^1].GetProperty("id").GetString();
        }
    }

    /// <summary>Posts one event to the service's webhook endpoint, signed with the endpoint's secret as Stripe signs.</summary>
    public static async Task<HttpResponseMessage> DeliverAsync(this MembershipApp app, string eventJson)
    {
        using var client = app.CreateClient();
        return await client.SendAsync(SignedWebhooks.Request(eventJson, SignedWebhooks.Signature(eventJson)));
    }

    public static string? ObjectField(this JsonElement stripeEvent, string field) =>
        stripeEvent.GetProperty("data").GetProperty("object").TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    public static string Type(this JsonElement stripeEvent) => stripeEvent.GetProperty("type").GetString()!;

    private static List<JsonElement> Reverse(List<JsonElement> newestFirst)
    {
        newestFirst.Reverse();
        return newestFirst;
    }
}
