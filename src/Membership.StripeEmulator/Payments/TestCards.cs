namespace Membership.StripeEmulator.Payments;

/// <summary>What a test card does when it is attached and when it is charged.</summary>
internal enum CardBehaviour
{
    Succeeds,
    /// <summary>Attaches, then every charge fails (4000000000000341, <c>pm_card_chargeCustomerFail</c>).</summary>
    DeclinesCharges,
    /// <summary>Declined outright, also when attaching (4000000000000002, 4000000000009995).</summary>
    Declined,
    /// <summary>Pays, then the charge is disputed (4000000000000259, <c>pm_card_createDispute</c>).</summary>
    Disputed,
}

internal sealed record TestCard(string Number, string Brand, CardBehaviour Behaviour, string DeclineCode = "generic_decline")
{
    public string Last4 => Number[^4..];

    public string DeclineMessage => DeclineCode == "insufficient_funds" ? "Your card has insufficient funds." : "Your card was declined.";
}

/// <summary>Stripe's documented test cards and <c>pm_card_*</c> tokens; nothing else is accepted.</summary>
internal static class TestCards
{
    private static readonly TestCard Visa = new("4242424242424242", "visa", CardBehaviour.Succeeds);
    private static readonly TestCard Mastercard = new("5555555555554444", "mastercard", CardBehaviour.Succeeds);
    private static readonly TestCard Amex = new("378282246310005", "amex", CardBehaviour.Succeeds);
    private static readonly TestCard ChargeCustomerFail = new("4000000000000341", "visa", CardBehaviour.DeclinesCharges);
    private static readonly TestCard GenericDecline = new("4000000000000002", "visa", CardBehaviour.Declined);
    private static readonly TestCard InsufficientFunds = new("4000000000009995", "visa", CardBehaviour.Declined, "insufficient_funds");
    private static readonly TestCard Dispute = new("4000000000000259", "visa", CardBehaviour.Disputed);

    private static readonly Dictionary<string, TestCard> ByNumberMap =
        new[] { Visa, Mastercard, Amex, ChargeCustomerFail, GenericDecline, InsufficientFunds, Dispute, new TestCard("4000056655665556", "visa", CardBehaviour.Succeeds) }
            .ToDictionary(c => c.Number, StringComparer.Ordinal);

    private static readonly Dictionary<string, TestCard> ByTokenMap = new(StringComparer.Ordinal)
    {
        ["pm_card_visa"] = Visa,
        ["pm_card_mastercard"] = Mastercard,
        ["pm_card_amex"] = Amex,
        ["pm_card_chargeCustomerFail"] = ChargeCustomerFail,
        ["pm_card_chargeDeclined"] = GenericDecline,
        ["pm_card_visa_chargeDeclined"] = GenericDecline,
        ["pm_card_chargeDeclinedInsufficientFunds"] = InsufficientFunds,
        ["pm_card_visa_chargeDeclinedInsufficientFunds"] = InsufficientFunds,
        ["pm_card_createDispute"] = Dispute,
        ["tok_visa"] = Visa,
        ["tok_mastercard"] = Mastercard,
        ["tok_chargeCustomerFail"] = ChargeCustomerFail,
        ["tok_chargeDeclined"] = GenericDecline,
        ["tok_createDispute"] = Dispute,
    };

    public static TestCard? ByNumber(string number) => ByNumberMap.GetValueOrDefault(new string([.. number.Where(char.IsDigit)]));

    public static TestCard? ByToken(string token) => ByTokenMap.GetValueOrDefault(token);

    public static bool IsToken(string id) => ByTokenMap.ContainsKey(id);

    /// <summary>The Luhn check real card forms run before anything else.</summary>
    public static bool LooksValid(string number)
    {
        var digits = new string([.. number.Where(char.IsDigit)]);
        if (digits.Length is < 12 or > 19 || digits.Length != number.Count(c => !char.IsWhiteSpace(c) && c != '-'))
            return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }
}
