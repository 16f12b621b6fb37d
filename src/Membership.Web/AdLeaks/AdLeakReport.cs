using System.Text.Json;

namespace Membership.Web.AdLeaks;

/// <summary>
/// What the snippet sends from an ad-free reader's page: the page's path and counts. Read by hand from a small
/// text body (the snippet posts text/plain without credentials, so no CORS preflight and no cookie).
/// </summary>
public sealed record AdLeakReport(string Path, int Views, int SlotLeaks, int RequestLeaks, int ConsentLeaks)
{
    public const int MaxBodyBytes = 2048;
    public const int MaxPathLength = 256;
    private const int MaxViews = 10_000; // one sampled view at the lowest sample rate
    private const int MaxLeaks = 1_000;

    public bool IsEmpty => Views == 0 && SlotLeaks == 0 && RequestLeaks == 0 && ConsentLeaks == 0;

    /// <summary>The report, or the reasons it is refused (field name → messages), never both.</summary>
    public static (AdLeakReport? Report, Dictionary<string, string[]>? Errors) Parse(ReadOnlySpan<byte> body)
    {
        var errors = new Dictionary<string, string[]>();
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, new() { ["body"] = ["The body must be a JSON object."] });
        }
        if (root.ValueKind != JsonValueKind.Object)
            return (null, new() { ["body"] = ["The body must be a JSON object."] });

        var path = root.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : null;
        if (path is null || !IsPath(path))
            errors["path"] = [$"path must be the page's path: starting with '/', at most {MaxPathLength} characters, no query, fragment, space or control character."];
        var views = Count(root, "views", MaxViews, errors);
        var slot = Count(root, "slotLeaks", MaxLeaks, errors);
        var request = Count(root, "requestLeaks", MaxLeaks, errors);
        var consent = Count(root, "consentLeaks", MaxLeaks, errors);
        return errors.Count > 0 ? (null, errors) : (new AdLeakReport(path!, views, slot, request, consent), null);
    }

    private static bool IsPath(string path) =>
        path.Length is > 0 and <= MaxPathLength && path[0] == '/'
        && !path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '?' or '#');

    private static int Count(JsonElement root, string name, int max, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(name, out var value))
            return 0;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0 && count <= max)
            return count;
        errors[name] = [$"{name} must be a whole number from 0 to {max}."];
        return 0;
    }
}
