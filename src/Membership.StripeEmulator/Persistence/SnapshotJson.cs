using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Membership.StripeEmulator.Persistence;

/// <summary>
/// How the emulator's own classes are written to the state file: every property that can be set back, and nothing
/// worked out from others (<c>Resource</c>, <c>IsEnded</c>, totals), so the file holds the state and only the state.
/// </summary>
internal static class SnapshotJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SettableOnly } },
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static void SettableOnly(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
            return;
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Set is null && info.Properties[i].AssociatedParameter is null)
                info.Properties.RemoveAt(i);
        }
    }
}
