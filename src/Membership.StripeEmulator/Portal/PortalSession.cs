using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Portal;

internal sealed class PortalSession : StripeObject
{
    public override string Resource => "billing_portal.session";

    public required string Customer { get; init; }
    public string? ReturnUrl { get; init; }
    public required string Configuration { get; init; }
    public string? Locale { get; init; }

    /// <summary>The secret part of the portal's URL; anyone holding the URL manages the customer's billing, as in Stripe.</summary>
    public string Secret { get; init; } = "test_" + Ids.New("", 40);

    public string Url(EmulatorState state) => new Uri(state.BaseUrl, $"p/session/{Secret}").ToString();

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "billing_portal.session",
        ["configuration"] = Configuration,
        ["created"] = Created,
        ["customer"] = Customer,
        ["customer_account"] = null,
        ["flow"] = null,
        ["livemode"] = false,
        ["locale"] = Locale,
        ["on_behalf_of"] = null,
        ["return_url"] = ReturnUrl,
        ["url"] = Url(state),
    };
}
