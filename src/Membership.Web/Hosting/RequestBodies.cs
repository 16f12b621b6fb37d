using System.Buffers;

namespace Membership.Web.Hosting;

/// <summary>
/// Reads a request body into memory, but never more than a limit: a declared Content-Length over it is
/// refused before a byte is read, and a body that turns out longer (chunked, or lying) as soon as it passes it.
/// </summary>
public static class RequestBodies
{
    /// <returns>The body, positioned at its start; or null once the caller has been answered (413, 400) or has gone.</returns>
    public static async Task<MemoryStream?> ReadAsync(HttpContext http, long? limit)
    {
        var request = http.Request;
        if (limit is { } max && request.ContentLength > max)
        {
            await BadInputAnswers.TooLargeAsync(http, limit);
            return null;
        }
        var body = new MemoryStream(request.ContentLength is { } length and <= 1024 * 1024 ? (int)length : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (limit is { } most && body.Length + read > most)
                {
                    await body.DisposeAsync();
                    await BadInputAnswers.TooLargeAsync(http, limit);
                    return null;
                }
                body.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // The server's own limit or a malformed body: Kestrel says which.
            await body.DisposeAsync();
            if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                await BadInputAnswers.TooLargeAsync(http, limit);
            else
                http.Response.StatusCode = e.StatusCode;
            return null;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested)
        {
            await body.DisposeAsync();
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        body.Position = 0;
        return body;
    }
}
