using System.Text.Json;
using System.Text.Json.Serialization;

namespace Membership.Web.Hosting;

/// <summary>Every timestamp in a JSON answer is UTC written with <c>Z</c> ("2026-12-23T10:00:00Z"), as the contract shows.</summary>
public sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime);
}
