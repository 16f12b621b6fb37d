using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Wire;

/// <summary>An error answered in Stripe's shape: <c>{"error":{"type","code","message","param"}}</c> with Stripe's status code.</summary>
internal sealed class StripeErrorException(int status, string type, string message, string? code = null, string? param = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Code { get; } = code;

    public string? Param { get; } = param;

    public string? DeclineCode { get; init; }

    public string? ChargeId { get; init; }

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

    public static StripeErrorException CardDeclined(string declineCode, string message, string? chargeId = null) =>
        new(402, "card_error", message, "card_declined", null)
        {
            DeclineCode = declineCode,
            ChargeId = chargeId,
        };

    public JsonObject ToJson()
    {
        var error = new JsonObject
        {
            ["type"] = Type,
            ["code"] = Code,
            ["message"] = Message,
            ["param"] = Param,
        };
        if (DeclineCode is not null)
            error["decline_code"] = DeclineCode;
        if (ChargeId is not null)
            error["charge"] = ChargeId;
        return new JsonObject { ["error"] = error };
    }
}
