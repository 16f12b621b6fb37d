using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Membership.Web.Plans;

/// <summary>
/// A plan's version as an HTTP entity tag (<c>"1234"</c>, strong) and back. <c>If-Match</c> is optional on
/// plan changes: existing clients send none and keep working (last write wins, as before); a client that
/// sends one gets 412 when the plan changed since it read it.
/// </summary>
public static class PlanETags
{
    public static string Of(uint version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The versions an <c>If-Match</c> names: null when it is absent or <c>*</c> (any version will do).
    /// RFC 9110 compares strongly, so a weak tag (or one that is no version of ours) matches nothing.
    /// </summary>
    public static IReadOnlyCollection<uint>? Expected(HttpRequest request)
    {
        var tags = request.GetTypedHeaders().IfMatch;
        if (tags.Count == 0 || tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
            return null;
        var versions = new HashSet<uint>();
        foreach (var tag in tags.Where(t => !t.IsWeak))
        {
            if (uint.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                versions.Add(version);
        }
        return versions;
    }
}
