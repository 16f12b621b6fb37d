using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Payments;

internal sealed class PaymentMethod : StripeObject
{
    public override string Resource => "payment_method";

    public required TestCard Card { get; init; }
    public string? Customer { get; set; }
    public string? Email { get; init; }
    public long ExpYear { get; init; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public string Fingerprint => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Card.Number)))[..16];

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "payment_method",
        ["allow_redisplay"] = "unspecified",
        ["billing_details"] = new JsonObject
        {
            ["address"] = EmptyAddress(),
            ["email"] = Email,
            ["name"] = null,
            ["phone"] = null,
            ["tax_id"] = null,
        },
        ["card"] = CardDetails(),
        ["created"] = Created,
        ["customer"] = Customer,
        ["livemode"] = false,
        ["metadata"] = StripeJson.Map(Metadata),
        ["type"] = "card",
        ["customer_account"] = null,
    };

    public JsonObject CardDetails() => new()
    {
        ["brand"] = Card.Brand,
        ["checks"] = new JsonObject { ["address_line1_check"] = null, ["address_postal_code_check"] = null, ["cvc_check"] = "pass" },
        ["country"] = "US",
        ["display_brand"] = Card.Brand,
        ["exp_month"] = 12,
        ["exp_year"] = ExpYear,
        ["fingerprint"] = Fingerprint,
        ["funding"] = "credit",
        ["generated_from"] = null,
        ["last4"] = Card.Last4,
        ["networks"] = new JsonObject { ["available"] = new JsonArray(Card.Brand), ["preferred"] = null },
        ["three_d_secure_usage"] = new JsonObject { ["supported"] = true },
        ["wallet"] = null,
        ["regulated_status"] = "unregulated",
    };

    public static JsonObject EmptyAddress() => new()
    {
        ["city"] = null,
        ["country"] = null,
        ["line1"] = null,
        ["line2"] = null,
        ["postal_code"] = null,
        ["state"] = null,
    };
}
