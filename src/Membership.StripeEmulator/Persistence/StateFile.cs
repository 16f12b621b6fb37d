using System.Text.Json;

namespace Membership.StripeEmulator.Persistence;

/// <summary>
/// The whole emulated account in one JSON file (<c>state.json</c> in the data directory): objects, events, the
/// deliveries still to make with their retry schedule, and idempotency keys. Written to a temporary file, flushed
/// to disk and renamed over the old one, so a crash at any moment leaves either the old state or the new one.
/// </summary>
internal static class StateFile
{
    public const string FileName = "state.json";

    /// <summary>Raised when the file's layout changes in a way older files cannot be read with.</summary>
    private const int Format = 1;

    /// <summary>Serialises under the state's lock, so the snapshot is one consistent moment; the disk write comes after.</summary>
    public static byte[] Capture(EmulatorState state, IdempotencyStore idempotency, WebhookDispatcher dispatcher)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            lock (state.Gate)
            {
                writer.WriteStartObject();
                writer.WriteNumber("format", Format);
                writer.WriteString("api_version", EmulatorState.ApiVersion);
                writer.WriteNumber("sequence", state.Sequence);
                writer.WriteString("portal_configuration", state.PortalConfigurationId);
                writer.WriteStartObject("objects");
                foreach (var store in state.Stores)
                {
                    writer.WritePropertyName(store.Resource);
                    store.Write(writer, SnapshotJson.Options);
                }
                writer.WriteEndObject();
                writer.WritePropertyName("webhook_deliveries");
                JsonSerializer.Serialize(writer, dispatcher.Save(), SnapshotJson.Options);
                writer.WritePropertyName("idempotency_keys");
                JsonSerializer.Serialize(writer, idempotency.Save(), SnapshotJson.Options);
                writer.WriteEndObject();
            }
        }
        return buffer.ToArray();
    }

    public static void Write(string directory, byte[] snapshot)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(snapshot);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the state back before the emulator serves anything; no file yet is an empty account.</summary>
    public static bool TryLoad(string directory, EmulatorState state, IdempotencyStore idempotency, WebhookDispatcher dispatcher)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            return false;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != Format)
                throw new InvalidDataException($"it is in format {root.GetProperty("format")}, this emulator reads format {Format}");
            lock (state.Gate)
            {
                var objects = root.GetProperty("objects");
                foreach (var store in state.Stores)
                {
                    if (objects.TryGetProperty(store.Resource, out var items))
                        store.Read(items, SnapshotJson.Options);
                }
                state.Sequence = root.GetProperty("sequence").GetInt64();
                state.PortalConfigurationId = root.GetProperty("portal_configuration").GetString()!;
            }
            idempotency.Restore(root.GetProperty("idempotency_keys").Deserialize<List<IdempotencyStore.SavedKey>>(SnapshotJson.Options) ?? []);
            dispatcher.Restore(root.GetProperty("webhook_deliveries").Deserialize<List<SavedDelivery>>(SnapshotJson.Options) ?? []);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException(
                $"The Stripe emulator cannot read its state file {path} ({e.Message}). Start from a clean slate by removing {directory} (./build.sh run --fresh-stripe does that).", e);
        }
    }
}
