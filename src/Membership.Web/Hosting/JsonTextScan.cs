using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Membership.Web.Hosting;

/// <summary>
/// Finds the first string in a JSON body (value or property name) that <see cref="StorableText"/> refuses,
/// or that is not UTF-8 at all (overlong or cut-short sequences), and names where it is (<c>email</c>,
/// <c>readerIds[3]</c>, <c>items[0].name</c>). A body that is not JSON is left to the endpoint's own binding.
/// </summary>
public static class JsonTextScan
{
    public readonly record struct Finding(string Field, string Problem);

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Index { get; set; } = -1;
        public string? Property { get; set; }
    }

    public static Finding? FirstProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }
                if (token == JsonTokenType.PropertyName)
                {
                    var (name, nameProblem) = Read(ref reader);
                    if (nameProblem is not null)
                        return new Finding(PathOf(frames, propertyName: true), nameProblem);
                    frames[^1].Property = name;
                    continue;
                }
                if (frames.Count > 0 && frames[^1].IsArray)
                    frames[^1].Index++;
                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    frames.Add(new Frame(token == JsonTokenType.StartArray));
                else if (token == JsonTokenType.String && Read(ref reader).Problem is { } problem)
                    return new Finding(PathOf(frames, propertyName: false), problem);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the endpoint's binding answers with its own 400.
        }
        return null;
    }

    private static (string? Text, string? Problem) Read(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        var wantText = reader.TokenType == JsonTokenType.PropertyName;
        if (!reader.ValueIsEscaped)
        {
            // Unescaped JSON strings hold no control characters, so only the encoding and the length can be wrong.
            if (!Utf8.IsValid(raw))
                return (null, "is not valid UTF-8.");
            if (raw.Length > StorableText.MaxLength && Encoding.UTF8.GetCharCount(raw) > StorableText.MaxLength)
                return (null, StorableText.TooLong);
            return (wantText ? Encoding.UTF8.GetString(raw) : null, null);
        }
        var buffer = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            var text = buffer.AsSpan(0, reader.CopyString(buffer));
            return (wantText ? text.ToString() : null, StorableText.Problem(text));
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to unescape a lone \uD800-\uDFFF.
            return (null, StorableText.LoneSurrogate);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string PathOf(List<Frame> frames, bool propertyName)
    {
        var path = new StringBuilder();
        // A bad property name is not yet its object's property: the path stops at the object.
        var count = propertyName ? frames.Count - 1 : frames.Count;
        for (var i = 0; i < count; i++)
        {
            if (frames[i].IsArray)
                path.Append('[').Append(frames[i].Index).Append(']');
            else
                path.Append(path.Length > 0 ? "." : "").Append(frames[i].Property);
        }
        if (propertyName)
            path.Append(path.Length > 0 ? " " : "").Append("(a property name)");
        return path.Length > 0 ? path.ToString() : "(body)";
    }
}
