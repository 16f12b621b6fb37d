namespace Membership.StripeEmulator.Tests.Infrastructure;

/// <summary>Drives the emulator's hosted pages the way a browser does: GET the form, POST its fields back.</summary>
public static class HostedPages
{
    /// <summary>Opens the Checkout page, checks it offers the card field, and submits a card number.</summary>
    public static async Task<HttpResponseMessage> PayAsync(this Emulator emulator, string checkoutUrl, string cardNumber, string? email = null)
    {
        var page = await emulator.Http.GetStringAsync(checkoutUrl);
        Assert.Contains("name=\"card_number\"", page, StringComparison.Ordinal);
        var fields = new Dictionary<string, string> { ["card_number"] = cardNumber };
        if (email is not null)
            fields["email"] = email;
        using var form = new FormUrlEncodedContent(fields);
        return await emulator.Http.PostAsync(checkoutUrl, form);
    }

    public static async Task<HttpResponseMessage> PortalAsync(this Emulator emulator, string portalUrl, Dictionary<string, string> fields)
    {
        using var form = new FormUrlEncodedContent(fields);
        return await emulator.Http.PostAsync(portalUrl, form);
    }
}
