namespace Membership.StripeEmulator.Wire;

internal static class MetadataUpdate
{
    /// <summary>Stripe merges metadata: a key set to "" is removed, and metadata="" clears it all.</summary>
    public static Dictionary<string, string> Apply(Dictionary<string, string> current, Dictionary<string, string>? update)
    {
        if (update is null)
            return current;
        if (update.Count == 0)
            return [];
        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in update)
        {
            if (value.Length == 0)
                merged.Remove(key);
            else
                merged[key] = value;
        }
        return merged;
    }
}
