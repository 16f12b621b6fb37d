using System.IO.Compression;

namespace Membership.StripeEmulator.Engine;

/// <summary>
/// Bytes written once and read seldom (an event's data, an idempotent request's answer), kept compressed with Brotli at
/// its fastest level: the JSON the emulator keeps by the hundred thousand on a renewal day shrinks several times.
/// </summary>
internal sealed class CompactBytes
{
    // Quality 1 compresses at hundreds of MB/s; JSON's repeated keys still shrink several times.
    private const int Quality = 1;
    private const int Window = 22;

    private readonly byte[] _compressed;
    private readonly int _length;

    private CompactBytes(byte[] compressed, int length)
    {
        _compressed = compressed;
        _length = length;
    }

    public static CompactBytes From(ReadOnlySpan<byte> bytes)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(bytes.Length)];
        if (!BrotliEncoder.TryCompress(bytes, buffer, out var written, Quality, Window))
            throw new InvalidOperationException("Brotli could not compress into its maximum compressed length.");
        return new CompactBytes(buffer[..written], bytes.Length);
    }

    /// <summary>Bytes held in memory.</summary>
    public int CompressedLength => _compressed.Length;

    /// <summary>The bytes as they were given.</summary>
    public byte[] ToUtf8()
    {
        var bytes = new byte[_length];
        if (!BrotliDecoder.TryDecompress(_compressed, bytes, out var written) || written != _length)
            throw new InvalidDataException("Compacted bytes did not decompress to their recorded length.");
        return bytes;
    }
}
