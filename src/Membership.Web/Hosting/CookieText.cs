namespace Membership.Web.Hosting;

/// <summary>
/// One cookie's value read straight from the request's Cookie header, where <c>Request.Cookies</c> would copy
/// every cookie's name and value into strings first (a kilobyte or two for a signed-in reader, on every page
/// view). Only for the plain values this service sets (base64url and dots: a data-protected ticket, a JWT); for
/// anything it cannot be sure of as the cookie parser would read it (the name twice, quotes, escapes, an
/// empty value), the answer is <see cref="CookieSearch.Unsure"/> and the caller asks <c>Request.Cookies</c>.
/// </summary>
public static class CookieText
{
    public static CookieSearch Find(HttpRequest request, string name, out ReadOnlySpan<char> value)
    {
        value = default;
        var found = false;
        foreach (var header in request.Headers.Cookie)
        {
            if (header is null)
                continue;
            for (var at = header.IndexOf(name, StringComparison.Ordinal); at >= 0; at = header.IndexOf(name, at + name.Length, StringComparison.Ordinal))
            {
                var start = at + name.Length + 1;
                if (found || !StartsSegment(header, at) || start > header.Length || header[start - 1] != '=')
                    return CookieSearch.Unsure;
                var end = header.IndexOf(';', start);
                var text = header.AsSpan(start, (end < 0 ? header.Length : end) - start).TrimEnd(' ');
                if (text.IsEmpty || text.ContainsAnyExcept(PlainValue))
                    return CookieSearch.Unsure;
                value = text;
                found = true;
            }
        }
        return found ? CookieSearch.Found : CookieSearch.Absent;
    }

    private static readonly System.Buffers.SearchValues<char> PlainValue =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private static bool StartsSegment(string header, int at)
    {
        var before = header.AsSpan(0, at).TrimEnd(' ');
        return before.IsEmpty || before[^1] == ';';
    }
}

public enum CookieSearch
{
    /// <summary>The name is nowhere in the header: the request has no such cookie.</summary>
    Absent,

    /// <summary>Exactly one such cookie, with a plain value.</summary>
    Found,

    /// <summary>Something the cookie parser may read otherwise: ask <c>Request.Cookies</c>.</summary>
    Unsure,
}
