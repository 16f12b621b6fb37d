using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Membership.StripeEmulator.Engine;

/// <summary>
/// A JSON value written once and read seldom (an event's <c>data</c>), kept as its UTF-8 text compressed
/// (<see cref="CompactBytes"/>): a few hundred bytes where the same object as a <see cref="JsonObject"/> takes tens of
/// kilobytes, so a renewal day of tens of thousands of subscriptions keeps its hundreds of thousands of events in
/// memory. In the state file it is the JSON value itself, as before.
/// </summary>
[JsonConverter(typeof(CompactJsonConverter))]
internal sealed class CompactJson
{
    private readonly CompactBytes _utf8;

    private CompactJson(CompactBytes utf8) => _utf8 = utf8;

    /// <summary>The node as the API writes it (<see cref="StripeJson.Options"/>).</summary>
    public static CompactJson From(JsonNode node) => new(CompactBytes.From(JsonSerializer.SerializeToUtf8Bytes(node, StripeJson.Options)));

    /// <summary>Bytes held in memory for this value.</summary>
    public int CompressedLength => _utf8.CompressedLength;

    public byte[] ToUtf8() => _utf8.ToUtf8();

    public JsonNode ToNode() => JsonNode.Parse(ToUtf8()) ?? throw new InvalidDataException("A compacted JSON value was null.");

    public void WriteTo(Utf8JsonWriter writer) => writer.WriteRawValue(ToUtf8(), skipInputValidation: true);
}

/// <summary>Reads and writes a <see cref="CompactJson"/> as the plain JSON value it holds.</summary>
internal sealed class CompactJsonConverter : JsonConverter<CompactJson>
{
    public override CompactJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return CompactJson.From(JsonNode.Parse(document.RootElement.GetRawText())!);
    }

    public override void Write(Utf8JsonWriter writer, CompactJson value, JsonSerializerOptions options) => value.WriteTo(writer);
}
