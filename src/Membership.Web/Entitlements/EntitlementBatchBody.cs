using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Entitlements;

/// <summary>
/// A batch's body, <c>{"readerIds":["…", …]}</c>, read from the request's pipe and parsed in one pass (the batch
/// is a hot path: no model binding, no copy into a stream). Takes what the JSON binder took (property names in
/// any case, other properties ignored, the last <c>readerIds</c> when repeated) and refuses the rest with a
/// problem: not JSON (415), over the size limit (413), not this shape or an id that is no UUID (400).
/// </summary>
internal static class EntitlementBatchBody
{
    public static async Task<(List<Guid>? Ids, IResult? Refusal)> ReadAsync(HttpContext http, long limit, int maxIds)
    {
        var request = http.Request;
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem("Send the batch as application/json: {\"readerIds\":[\"…\"]}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type"));
        }
        if (request.ContentLength > limit)
            return (null, TooLarge(limit));
        var body = request.BodyReader;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await body.ReadAsync(http.RequestAborted);
            }
            catch (BadHttpRequestException e)
            {
                return (null, TypedResults.Problem("The request body could not be read.", statusCode: e.StatusCode));
            }
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                body.AdvanceTo(buffer.End);
                return (null, TooLarge(limit));
            }
            if (read.IsCompleted || read.IsCanceled)
            {
                var parsed = Parse(buffer, maxIds);
                body.AdvanceTo(buffer.End);
                return parsed;
            }
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    internal static (List<Guid>? Ids, IResult? Refusal) Parse(ReadOnlySequence<byte> body, int maxIds)
    {
        var json = new Utf8JsonReader(body);
        List<Guid>? ids = null;
        var count = 0;
        var firstBad = 0;
        try
        {
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
                return (null, Malformed(maxIds));
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var isIds = json.ValueTextEquals("readerIds"u8) || string.Equals(json.GetString(), "readerIds", StringComparison.OrdinalIgnoreCase);
                json.Read();
                if (!isIds)
                {
                    json.Skip();
                    continue;
                }
                (ids, count, firstBad) = (null, 0, 0);
                if (json.TokenType == JsonTokenType.Null)
                    continue;
                if (json.TokenType != JsonTokenType.StartArray)
                    return (null, Malformed(maxIds));
                ids = new List<Guid>(maxIds);
                while (json.Read() && json.TokenType != JsonTokenType.EndArray)
                {
                    count++;
                    if (json.TokenType != JsonTokenType.String || !json.TryGetGuid(out var id))
                    {
                        json.Skip();
                        firstBad = firstBad == 0 ? count : firstBad;
                    }
                    else if (ids.Count < maxIds)
                    {
                        ids.Add(id);
                    }
                }
            }
            if (json.TokenType != JsonTokenType.EndObject || json.Read())
                return (null, Malformed(maxIds));
        }
        catch (JsonException)
        {
            return (null, Malformed(maxIds));
        }
        if (ids is null)
            return (null, Invalid("Give readerIds, a list of reader ids."));
        if (count > maxIds)
            return (null, Invalid($"At most {maxIds} reader ids per request (got {count.ToString(CultureInfo.InvariantCulture)})."));
        if (firstBad > 0)
            return (null, Invalid($"Reader ids are UUIDs such as \"3f2c6a1e-8b0d-4c5e-9f1a-2b3c4d5e6f70\"; item {firstBad.ToString(CultureInfo.InvariantCulture)} is not one."));
        return (ids, null);
    }

    private static ProblemHttpResult Malformed(int maxIds) => TypedResults.Problem(
        $"The body is not the JSON this endpoint takes: {{\"readerIds\":[\"…\"]}}, at most {maxIds} reader ids.",
        statusCode: StatusCodes.Status400BadRequest, title: "Malformed batch");

    private static ValidationProblem Invalid(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["readerIds"] = [message] });

    private static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(
        $"The request body is larger than this endpoint takes ({limit.ToString("N0", CultureInfo.InvariantCulture)} bytes at most); nothing was read.",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");
}
