using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Membership.Web.Pages.Account;

/// <summary>Identity's tokens travel in links Base64Url-encoded, exactly as its own JSON endpoints expect them.</summary>
public static class IdentityCodes
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
            return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
