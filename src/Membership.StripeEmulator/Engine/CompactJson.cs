using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Membership.StripeEmulator.Engine;

/// <summary>
/// A JSON value written once and read seldom (an event's <c>data</c>), kept as its UTF-8 text compressed with Brotli
/// at the fastest level: a few hundred bytes where the same object as a <see cref="JsonObject"/> takes tens of
/// kilobytes, so a renewal day of tens of thousands of subscriptions keeps its hundreds of thousands of events in
/// memory. In the state file it is the JSON value itself, as before.
/// </summary>
[JsonConverter(typeof(CompactJsonConverter))]
internal sealed class CompactJson
{
    // Quality 1 compresses at hundreds of MB/s; JSON's repeated keys still shrink several times.
    private const int Quality = 1;
    private const int Window = 22;

    private readonly byte[] _compressed;
    private readonly int _length;

    private CompactJson(byte[] compressed, int length)
    {
        _compressed = compressed;
        _length = length;
    }

    /// <summary>The node as the API writes it (<see cref="StripeJson.Options"/>).</summary>
    public static CompactJson From(JsonNode node) => FromUtf8(JsonSerializer.SerializeToUtf8Bytes(node, StripeJson.Options));

    public static CompactJson FromUtf8(ReadOnlySpan<byte> utf8)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
        if (!BrotliEncoder.TryCompress(utf8, buffer, out var written, Quality, Window))
            throw new InvalidOperationException("Brotli could not compress a JSON value into its maximum compressed length.");
        return new CompactJson(buffer[..written], utf8.Length);
    }

    /// <summary>Bytes held in memory for this value.</summary>
    public int CompressedLength => _compressed.Length;

    public byte[] ToUtf8()
    {
        var utf8 = new byte[_length];
        if (!BrotliDecoder.TryDecompress(_compressed, utf8, out var written) || written != _length)
            throw new InvalidDataException("A compacted JSON value did not decompress to its recorded length.");
        return utf8;
    }

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
