using System.Collections.Frozen;
using System.Globalization;

namespace Membership.Web.Plans;

/// <summary>The currencies Stripe charges in, and how their minor units read.</summary>
public static class Currencies
{
    public static readonly FrozenSet<string> Supported = Codes(
        "usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf clp " +
        "cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr " +
        "isk jmd jpy kes kgs khr kmf krw kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn " +
        "nad ngn nio nok npr nzd pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle sos srd std " +
        "szl thb tjs top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw");

    /// <summary>Currencies whose amounts Stripe takes in whole units (500 JPY is ¥500).</summary>
    public static readonly FrozenSet<string> ZeroDecimal = Codes("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf");

    public static decimal MinorPerMajor(string currency) => ZeroDecimal.Contains(currency) ? 1m : 100m;

    /// <summary>e.g. "5.00 USD".</summary>
    public static string Format(long amount, string currency) =>
        ZeroDecimal.Contains(currency)
            ? string.Create(CultureInfo.InvariantCulture, $"{amount} {currency.ToUpperInvariant()}")
            : string.Create(CultureInfo.InvariantCulture, $"{amount / 100m:0.00} {currency.ToUpperInvariant()}");

    /// <summary>A major-unit amount as typed on a page ("5.00") in minor units, or null when it has too many decimals.</summary>
    public static long? ToMinor(decimal major, string currency)
    {
        var minor = major * MinorPerMajor(currency);
        return minor == decimal.Truncate(minor) && minor is >= long.MinValue and <= long.MaxValue ? (long)minor : null;
    }

    public static decimal ToMajor(long minor, string currency) => minor / MinorPerMajor(currency);

    private static FrozenSet<string> Codes(string spaceSeparated) =>
        spaceSeparated.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);
}
