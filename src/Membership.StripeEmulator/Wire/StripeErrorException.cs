using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Wire;

/// <summary>
/// An error answered in Stripe's shape, <c>{"error":{"type","message",...}}</c> with Stripe's status code: <c>code</c>,
/// <c>doc_url</c> and <c>param</c> are there only when they apply; a card decline adds <c>decline_code</c>, the failed
/// <c>charge</c> and, when a PaymentIntent made the attempt, that <c>payment_intent</c> and its <c>payment_method</c>.
/// </summary>
internal sealed class StripeErrorException(int status, string type, string message, string? code = null, string? param = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Code { get; } = code;

    public string? Param { get; } = param;

    public string? DeclineCode { get; init; }

    public string? ChargeId { get; init; }

    public JsonObject? PaymentIntent { get; init; }

    public JsonObject? PaymentMethod { get; init; }

    public static StripeErrorException NotFound(string resource, string id, string param = "id") =>
        new(404, "invalid_request_error", $"No such {resource}: '{id}'", "resource_missing", param);

    public static StripeErrorException Missing(string param) =>
        new(400, "invalid_request_error", $"Missing required param: {param}.", "parameter_missing", param);

    public static StripeErrorException Invalid(string param, string message, string code = "parameter_invalid") =>
        new(400, "invalid_request_error", message, code, param);

    public static StripeErrorException Unknown(string param) =>
        new(400, "invalid_request_error", $"Received unknown parameter: {param}", "parameter_unknown", param);

    public static StripeErrorException Request(string message, string? param = null) =>
        new(400, "invalid_request_error", message, null, param);

    public static StripeErrorException CardDeclined(string declineCode, string message, string? chargeId = null,
        JsonObject? paymentIntent = null, JsonObject? paymentMethod = null) =>
        new(402, "card_error", message, "card_declined", null)
        {
            DeclineCode = declineCode,
            ChargeId = chargeId,
            PaymentIntent = paymentIntent,
            PaymentMethod = paymentMethod,
        };

    public JsonObject ToJson()
    {
        var error = new JsonObject();
        if (ChargeId is not null)
            error["charge"] = ChargeId;
        if (Code is not null)
        {
            error["code"] = Code;
            error["doc_url"] = $"https://stripe.com/docs/error-codes/{Code.Replace('_', '-')}";
        }
        if (DeclineCode is not null)
            error["decline_code"] = DeclineCode;
        error["message"] = Message;
        if (Param is not null)
            error["param"] = Param;
        if (PaymentIntent is not null)
            error["payment_intent"] = PaymentIntent;
        if (PaymentMethod is not null)
            error["payment_method"] = PaymentMethod;
        error["type"] = Type;
        return new JsonObject { ["error"] = error };
    }
}
