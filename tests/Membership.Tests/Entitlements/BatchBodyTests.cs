using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Membership.Tests.Entitlements;

/// <summary>The batch reads its own body (it skips model binding): what the binder took still works, the rest is a clear problem.</summary>
public sealed class BatchBodyTests(SiteApp app) : IClassFixture<SiteApp>
{
    [Theory]
    [InlineData("""{"ReaderIds":["{id}"]}""")]
    [InlineData("""{"note":{"nested":[1,{"a":null}]},"readerIds":["{id}"],"more":true}""")]
    [InlineData("""{"readerIds":["00000000-0000-0000-0000-000000000001"],"readerIds":["{id}"]}""")]
    [InlineData(" \n {\"readerIds\" : [ \"{id}\" ] } \n")]
    public async Task Bodies_the_json_binder_took_are_answered(string template)
    {
        var (_, readerId, _) = await app.NewReaderAsync();

        var (status, body) = await PostAsync(template.Replace("{id}", readerId.ToString(), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([readerId], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("readerId").GetGuid()));
        Assert.Equal(0, body.GetProperty("unknown").GetArrayLength());
    }

    [Theory]
    [InlineData("not json at all", "Malformed batch")]
    [InlineData("[]", "Malformed batch")]
    [InlineData("""{"readerIds":{}}""", "Malformed batch")]
    [InlineData("""{"readerIds":[]} trailing""", "Malformed batch")]
    [InlineData("""{"readerIds":["6f1c2a8e-0000-4000-8000-000000000001"]""", "Malformed batch")]
    [InlineData("""{"readerIds":null}""", "One or more validation errors occurred.")]
    [InlineData("""{"readerIds":["6f1c2a8e-0000-4000-8000-000000000001", 7]}""", "One or more validation errors occurred.")]
    [InlineData("""{"readerIds":["6f1c2a8e-0000-4000-8000-00000000000"]}""", "One or more validation errors occurred.")]
    public async Task Anything_else_is_a_400_problem_that_says_what_is_wrong(string json, string title)
    {
        var (status, body) = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(title, body.GetProperty("title").GetString());
        if (body.TryGetProperty("errors", out var errors))
            Assert.Contains("readerIds", errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task An_id_that_is_not_a_uuid_is_named_by_its_place_without_echoing_it()
    {
        var (_, body) = await PostAsync("""{"readerIds":["6f1c2a8e-0000-4000-8000-000000000001","<script>"]}""");

        var message = body.GetProperty("errors").GetProperty("readerIds")[0].GetString();
        Assert.Contains("item 2", message, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_its_content_type_is_a_415()
    {
        using var content = new StringContent("""{"readerIds":[]}""", Encoding.UTF8, "text/plain");

        var response = await app.SiteClient().PostAsync(new Uri("/api/v1/entitlements/batch", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_sent_in_small_pieces_without_a_length_is_read_whole()
    {
        var readers = new List<Guid>();
        for (var i = 0; i < 3; i++)
            readers.Add((await app.NewReaderAsync()).Item2);
        var json = JsonSerializer.Serialize(new { readerIds = readers });
        using var content = new StreamContent(new TrickleStream(Encoding.UTF8.GetBytes(json), pieceSize: 7));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await app.SiteClient().PostAsync(new Uri("/api/v1/entitlements/batch", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(readers, body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("readerId").GetGuid()));
    }

    [Fact]
    public async Task A_body_is_not_read_before_the_key_is_checked()
    {
        using var content = new StringContent("not json at all", Encoding.UTF8, "application/json");

        var response = await app.CreateClient().PostAsync(new Uri("/api/v1/entitlements/batch", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await app.SiteClient().PostAsync(new Uri("/api/v1/entitlements/batch", UriKind.Relative), content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    /// <summary>A body that arrives a few bytes at a time, with no Content-Length (chunked).</summary>
    private sealed class TrickleStream(byte[] data, int pieceSize) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, pieceSize), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            var n = Math.Min(Math.Min(buffer.Length, pieceSize), data.Length - _position);
            data.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
