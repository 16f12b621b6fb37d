using System.Globalization;
using System.Text;

namespace Membership.Web.Billing;

/// <summary>
/// Stripe may sign JSON holding a <c>\uD800</c> with no partner (a name cut mid-character), which Stripe.net's
/// System.Text.Json refuses to read. The handlers only need ids, so such an escape becomes U+FFFD and the
/// event is processed rather than retried until it fails. The stored payload stays as received.
/// </summary>
public static class LoneSurrogateEscapes
{
    public static string Replace(string json)
    {
        if (!json.Contains("\\u", StringComparison.OrdinalIgnoreCase))
            return json;
        StringBuilder? fixedJson = null;
        var copiedUpTo = 0;
        for (var i = 0; i < json.Length - 1; i++)
        {
            if (json[i] != '\\')
                continue;
            if (json[i + 1] != 'u' || !TryEscape(json, i, out var unit))
            {
                i++; // an escaped character, possibly a backslash: never the start of another escape
                continue;
            }
            var paired = char.IsHighSurrogate(unit) && TryEscape(json, i + 6, out var next) && char.IsLowSurrogate(next);
            if (paired)
            {
                i += 11;
                continue;
            }
            if (char.IsSurrogate(unit))
            {
                fixedJson ??= new StringBuilder(json.Length);
                fixedJson.Append(json, copiedUpTo, i - copiedUpTo).Append("\\uFFFD");
                copiedUpTo = i + 6;
            }
            i += 5;
        }
        return fixedJson is null ? json : fixedJson.Append(json, copiedUpTo, json.Length - copiedUpTo).ToString();
    }

    private static bool TryEscape(string json, int at, out char unit)
    {
        unit = '\0';
        if (at + 6 > json.Length || json[at] != '\\' || json[at + 1] != 'u'
            || !ushort.TryParse(json.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            return false;
        unit = (char)code;
        return true;
    }
}
