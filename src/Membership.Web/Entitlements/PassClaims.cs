using System.Buffers.Text;
using System.Text.Json;

namespace Membership.Web.Entitlements;

/// <summary>
/// What a pass says, read without checking its signature: only to decide whether the reader's own
/// cookie needs a fresh pass. Nothing is granted on the strength of it.
/// </summary>
public readonly record struct PassClaims(Guid Subject, bool AdFree, long IssuedAt, long ExpiresAt)
{
    public static bool TryRead(ReadOnlySpan<char> token, out PassClaims claims)
    {
        claims = default;
        var first = token.IndexOf('.');
        var rest = first < 0 ? -1 : token[(first + 1)..].IndexOf('.');
        var second = rest < 0 ? -1 : first + 1 + rest;
        if (second < 0 || second - first - 1 > 2048)
            return false;
        var encoded = token.Slice(first + 1, second - first - 1);
        Span<byte> json = stackalloc byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (Base64Url.DecodeFromChars(encoded, json, out _, out var written) != System.Buffers.OperationStatus.Done)
            return false;
        try
        {
            return TryParse(json[..written], out claims);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> json, out PassClaims claims)
    {
        claims = default;
        Guid subject = default;
        bool? adFree = null;
        long issuedAt = 0, expiresAt = 0;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("sub"u8) && reader.TokenType == JsonTokenType.String)
                _ = Guid.TryParse(reader.GetString(), out subject);
            else if (name.SequenceEqual("ad_free"u8) && reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                adFree = reader.GetBoolean();
            else if (name.SequenceEqual("iat"u8) && reader.TokenType == JsonTokenType.Number)
                issuedAt = reader.GetInt64();
            else if (name.SequenceEqual("exp"u8) && reader.TokenType == JsonTokenType.Number)
                expiresAt = reader.GetInt64();
            else
                reader.Skip();
        }
        if (subject == Guid.Empty || adFree is null || expiresAt <= issuedAt)
            return false;
        claims = new PassClaims(subject, adFree.Value, issuedAt, expiresAt);
        return true;
    }
}
