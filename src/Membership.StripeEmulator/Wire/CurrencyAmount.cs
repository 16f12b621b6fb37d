using System.Globalization;

namespace Membership.StripeEmulator.Wire;

/// <summary>
/// Amounts are in the currency's smallest unit, as Stripe takes them: cents for USD, but whole yen for JPY
/// (Stripe's zero-decimal currencies) and thousandths for its three-decimal ones.
/// </summary>
internal static class CurrencyAmount
{
    private static readonly HashSet<string> ZeroDecimal = new(
        ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> ThreeDecimal = new(["bhd", "jod", "kwd", "omr", "tnd"], StringComparer.OrdinalIgnoreCase);

    /// <summary>e.g. <c>5.00 USD</c> for (500, usd), <c>500 JPY</c> for (500, jpy).</summary>
    public static string Format(long amount, string currency)
    {
        var code = currency.ToUpperInvariant();
        if (ZeroDecimal.Contains(currency))
            return string.Create(CultureInfo.InvariantCulture, $"{amount} {code}");
        if (ThreeDecimal.Contains(currency))
            return string.Create(CultureInfo.InvariantCulture, $"{amount / 1000m:0.000} {code}");
        return string.Create(CultureInfo.InvariantCulture, $"{amount / 100m:0.00} {code}");
    }
}
