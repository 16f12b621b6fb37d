using System.Net;
using System.Text.RegularExpressions;

namespace Membership.Tests.Infrastructure;

/// <summary>Pays on the emulator's hosted checkout page the way a reader's browser does: a form with a card number.</summary>
public static partial class EmulatorCheckout
{
    public const string GoodCard = "4242424242424242";
    public const string DeclinedCard = "4000000000000341";
    public const string DisputedCard = "4000000000000259";

    /// <summary>Submits the card; returns the redirect target on success, or null when the page answered (e.g. declined).</summary>
    public static async Task<CheckoutOutcome> PayAsync(string checkoutUrl, string cardNumber)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var form = await browser.GetStringAsync(checkoutUrl);
        var fields = new Dictionary<string, string> { ["card_number"] = cardNumber };
        foreach (Match hidden in HiddenInput().Matches(form))
            fields.TryAdd(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        var response = await browser.PostAsync(checkoutUrl, new FormUrlEncodedContent(fields));
        var page = await response.Content.ReadAsStringAsync();
        return new CheckoutOutcome(response.StatusCode, response.Headers.Location?.ToString(), page);
    }

    [GeneratedRegex(""""<input[^>]*type="hidden"[^>]*name="(?<name>[^"]+)"[^>]*value="(?<value>[^"]*)"[^>]*>"""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}

public sealed record CheckoutOutcome(HttpStatusCode Status, string? RedirectedTo, string Page)
{
    public bool Paid => (int)Status is >= 300 and < 400 && RedirectedTo is not null;
}
