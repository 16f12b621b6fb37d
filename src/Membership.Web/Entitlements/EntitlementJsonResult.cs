using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace Membership.Web.Entitlements;

/// <summary>
/// 200 with JSON written by <see cref="EntitlementJsonWriter"/>: the serializer's JSON without its per-call
/// work, and with a Content-Length. Described to OpenAPI as the serializer's <typeparamref name="T"/>.
/// </summary>
public abstract class WrittenJsonResult<T>(T value)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public T Value => value;

    object? IValueHttpResult.Value => value;

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => EntitlementJsonWriter.ContentType;

    public Task ExecuteAsync(HttpContext httpContext) =>
        EntitlementJsonWriter.SendAsync(httpContext.Response, this, static (json, result) => result.Write(json));

    protected abstract void Write(Utf8JsonWriter json);

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), [EntitlementJsonWriter.MediaType]));
}

/// <summary>200 with an entitlement (the site lookup, <c>/me/entitlements</c>).</summary>
public sealed class EntitlementJsonResult(EntitlementView view) : WrittenJsonResult<EntitlementView>(view)
{
    protected override void Write(Utf8JsonWriter json) => EntitlementJsonWriter.WriteView(json, Value);
}

/// <summary>200 with a batch's answer: <c>{"items":[…],"unknown":[…]}</c>.</summary>
public sealed class EntitlementBatchJsonResult(EntitlementBatchResponse response) : WrittenJsonResult<EntitlementBatchResponse>(response)
{
    protected override void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray(EntitlementJsonWriter.Items);
        foreach (var item in Value.Items)
            EntitlementJsonWriter.WriteView(json, item);
        json.WriteEndArray();
        json.WriteStartArray(EntitlementJsonWriter.Unknown);
        foreach (var id in Value.Unknown)
            json.WriteStringValue(id);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}

/// <summary>
/// Writes entitlements as the JSON serializer does with the service's options (camelCase, timestamps in UTC
/// with Z, <c>stale</c> only when set: <c>EntitlementJsonWriterTests</c> holds the two to the same bytes), into
/// a buffer kept per thread, then copies it to the response in one piece with its length.
/// </summary>
internal static class EntitlementJsonWriter
{
    public const string MediaType = "application/json";
    public const string ContentType = "application/json; charset=utf-8";

    public static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    public static readonly JsonEncodedText Unknown = JsonEncodedText.Encode("unknown");
    private static readonly JsonEncodedText ReaderId = JsonEncodedText.Encode("readerId");
    private static readonly JsonEncodedText AdFree = JsonEncodedText.Encode("adFree");
    private static readonly JsonEncodedText Features = JsonEncodedText.Encode("features");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText PlanKey = JsonEncodedText.Encode("planKey");
    private static readonly JsonEncodedText ValidUntil = JsonEncodedText.Encode("validUntil");
    private static readonly JsonEncodedText GraceUntil = JsonEncodedText.Encode("graceUntil");
    private static readonly JsonEncodedText EvaluatedAt = JsonEncodedText.Encode("evaluatedAt");
    private static readonly JsonEncodedText Stale = JsonEncodedText.Encode("stale");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    public static void WriteView(Utf8JsonWriter json, EntitlementView view)
    {
        json.WriteStartObject();
        if (view.ReaderId is { } readerId)
            json.WriteString(ReaderId, readerId);
        else
            json.WriteNull(ReaderId);
        json.WriteBoolean(AdFree, view.AdFree);
        json.WriteStartArray(Features);
        foreach (var feature in view.Features)
            json.WriteStringValue(feature);
        json.WriteEndArray();
        json.WriteString(Status, view.Status);
        json.WriteString(Source, view.Source);
        json.WriteString(PlanKey, view.PlanKey);
        WriteTime(json, ValidUntil, view.ValidUntil);
        WriteTime(json, GraceUntil, view.GraceUntil);
        WriteTime(json, EvaluatedAt, view.EvaluatedAt);
        if (view.Stale is { } stale)
            json.WriteBoolean(Stale, stale);
        json.WriteEndObject();
    }

    /// <summary>As <see cref="Hosting.UtcTimestampJsonConverter"/> writes them.</summary>
    private static void WriteTime(Utf8JsonWriter json, JsonEncodedText name, DateTimeOffset? value)
    {
        if (value is { } time)
            json.WriteString(name, time.UtcDateTime);
        else
            json.WriteNull(name);
    }

    public static Task SendAsync<TState>(HttpResponse response, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var json = t_json ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        write(json, state);
        json.Flush();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = buffer.WrittenCount;
        // Copied into the response's pipe before this returns: the buffer is free for the thread's next request.
        response.BodyWriter.Write(buffer.WrittenSpan);
        if (buffer.Capacity > 64 * 1024)
            t_buffer = null; // a rare large answer does not stay with the thread
        return response.BodyWriter.FlushAsync().AsTask();
    }
}
