using System.Text;

namespace Membership.StripeEmulator.Wire;

/// <summary>
/// Everything under <c>/v1</c> passes here: Stripe's error shape for whatever goes wrong, the API key,
/// the form-encoded parameters (query and body alike), a <c>req_</c> id, and Idempotency-Key replay.
/// </summary>
internal sealed class StripeApiMiddleware(RequestDelegate next, EmulatorOptions options, IdempotencyStore idempotency, ILogger<StripeApiMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            CheckApiKey(http.Request);
            CheckApiVersion(http.Request);
            var body = await ReadBodyAsync(http.Request);
            var pairs = http.Request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? "")))
                .Concat(ParseFormBody(http.Request, body));
            var key = http.Request.Headers["Idempotency-Key"].ToString();
            var request = new StripeRequest
            {
                Params = new StripeParams(FormNode.Parse(pairs)),
                RequestId = Ids.New("req_", 14),
                IdempotencyKey = string.IsNullOrEmpty(key) ? null : key,
                IsWrite = !HttpMethods.IsGet(http.Request.Method),
            };
            http.Items[typeof(StripeRequest)] = request;
            http.Response.Headers["Request-Id"] = request.RequestId;
            http.Response.Headers["Stripe-Version"] = EmulatorState.ApiVersion;

            if (request.IdempotencyKey is not null && HttpMethods.IsPost(http.Request.Method))
                await idempotency.RunAsync(http, request.IdempotencyKey, $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString} {body}", next);
            else
                await next(http);
        }
        catch (StripeErrorException e) when (!http.Response.HasStarted)
        {
            await StripeJson.WriteAsync(http, e.Status, e.ToJson());
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            logger.LogError(e, "Emulator failure on {Method} {Path}", http.Request.Method, http.Request.Path);
            await StripeJson.WriteAsync(http, 500, new StripeErrorException(500, "api_error", "An unexpected error occurred in the Stripe emulator.").ToJson());
        }
    }

    private void CheckApiKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        string? key = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = header["Bearer ".Length..].Trim();
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            // curl -u sk_test_...: the key is the user name, the password is empty.
            try
            {
                key = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim())).Split(':')[0];
            }
            catch (FormatException)
            {
                key = "";
            }
        }
        if (string.IsNullOrEmpty(key))
        {
            throw new StripeErrorException(401, "invalid_request_error",
                "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }
        if (!string.Equals(key, options.SecretKey, StringComparison.Ordinal))
            throw new StripeErrorException(401, "invalid_request_error", $"Invalid API Key provided: {Mask(key)}", "api_key_invalid");
    }

    /// <summary>
    /// Objects are rendered at the pinned version only, so a request asking for another one is refused with Stripe's
    /// answer to a version it does not know, rather than answered in a shape the caller did not ask for. No header:
    /// the account's version, which is the pinned one.
    /// </summary>
    private static void CheckApiVersion(HttpRequest request)
    {
        var version = request.Headers["Stripe-Version"].ToString();
        if (version.Length > 0 && version != EmulatorState.ApiVersion)
            throw new StripeErrorException(400, "invalid_request_error", $"Invalid Stripe API version: {version}");
    }

    /// <summary>Never echo a key back whole: Stripe shows its prefix and last four characters.</summary>
    private static string Mask(string key) =>
        key.Length <= 12 ? new string('*', key.Length) : $"{key[..8]}{new string('*', key.Length - 12)}{key[^4..]}";

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }

    private static IEnumerable<KeyValuePair<string, string>> ParseFormBody(HttpRequest request, string body)
    {
        if (body.Length == 0)
            return [];
        if (request.ContentType is { } type && !type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            throw StripeErrorException.Request("Invalid request: the Stripe API takes form-encoded bodies (application/x-www-form-urlencoded).");
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body)
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? "")));
    }
}
