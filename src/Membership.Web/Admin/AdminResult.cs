using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Admin;

public enum AdminErrorKind
{
    NotFound,
    Invalid,
    Conflict,
    StripeUnavailable,
}

/// <summary>Why an admin action did not happen: becomes a problem response for JSON and a message on a page.</summary>
public sealed record AdminError(AdminErrorKind Kind, string Message, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static AdminError NotFound(string message) => new(AdminErrorKind.NotFound, message);

    public static AdminError Conflict(string message) => new(AdminErrorKind.Conflict, message);

    public static AdminError StripeUnavailable() =>
        new(AdminErrorKind.StripeUnavailable, "Stripe could not be reached or refused the request; nothing was changed. Try again.");

    public static AdminError Invalid(IReadOnlyDictionary<string, string[]> fields) =>
        new(AdminErrorKind.Invalid, "The request has invalid fields.", fields);

    /// <summary>One line for a page: the field messages when there are any.</summary>
    public string Summary => Fields is { Count: > 0 } ? string.Join(" ", Fields.Values.SelectMany(v => v)) : Message;

    public ProblemHttpResult ToProblem()
    {
        var status = Kind switch
        {
            AdminErrorKind.NotFound => StatusCodes.Status404NotFound,
            AdminErrorKind.Conflict => StatusCodes.Status409Conflict,
            AdminErrorKind.StripeUnavailable => StatusCodes.Status502BadGateway,
            _ => StatusCodes.Status400BadRequest,
        };
        return Fields is { Count: > 0 }
            ? TypedResults.Problem(new HttpValidationProblemDetails(Fields.ToDictionary()) { Status = status, Detail = Message })
            : TypedResults.Problem(detail: Message, statusCode: status);
    }
}

/// <summary>The outcome of an admin action: its value, or the error that stopped it (and changed nothing).</summary>
public sealed record AdminResult<T>(T? Value, AdminError? Error)
    where T : class
{
    public static implicit operator AdminResult<T>(T value) => new(value, null);

    public static implicit operator AdminResult<T>(AdminError error) => new(null, error);
}
