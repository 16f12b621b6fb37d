namespace Membership.Web.Hosting;

/// <summary>
/// What PostgreSQL cannot take in a text value: U+0000 (22021), half of a surrogate pair (22P05 once
/// encoded), or more than any column holds. The longest text column is 2,000 characters, so a value
/// over <see cref="MaxLength"/> is never a real one.
/// </summary>
public static class StorableText
{
    public const int MaxLength = 4096;
    public const string TooLong = "is longer than 4096 characters.";
    public const string LoneSurrogate = "holds half of a surrogate pair, which is not a character.";

    /// <returns>Why the value cannot be stored, as the end of a sentence naming it, or null when it can.</returns>
    public static string? Problem(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxLength)
            return TooLong;
        if (value.Contains('\0'))
            return "holds a NUL character (U+0000).";
        var surrogate = value.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (surrogate >= 0)
        {
            if (!char.IsHighSurrogate(value[surrogate]) || surrogate + 1 >= value.Length || !char.IsLowSurrogate(value[surrogate + 1]))
                return LoneSurrogate;
            var next = value[(surrogate + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            surrogate = next < 0 ? -1 : surrogate + 2 + next;
        }
        return null;
    }
}
