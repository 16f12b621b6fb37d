using System.Globalization;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.AdminActions;

public enum AdminErrorKind
{
    NotFound,
    Invalid,
    Conflict,
    /// <summary>The thing changed since the caller read it (an <c>If-Match</c> or a page's version no longer matches): 412.</summary>
    Changed,

    /// <summary>Stripe unreachable or timed out: waiting helps (503).</summary>
    StripeUnavailable,

    /// <summary>Stripe answered with a refusal: waiting does not help (502), the message says what Stripe named.</summary>
    StripeRefused,
}

/// <summary>Why an admin action did not happen: becomes a problem response for JSON and a message on a page.</summary>
public sealed record AdminError(AdminErrorKind Kind, string Message, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static AdminError NotFound(string message) => new(AdminErrorKind.NotFound, message);

    public static AdminError Conflict(string message) => new(AdminErrorKind.Conflict, message);

    public static AdminError Changed(string message) => new(AdminErrorKind.Changed, message);

    public static AdminError FromStripe(StripeFailure failure) =>
        new(failure.Transient ? AdminErrorKind.StripeUnavailable : AdminErrorKind.StripeRefused, failure.AdminDetail);

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
            AdminErrorKind.Changed => StatusCodes.Status412PreconditionFailed,
            AdminErrorKind.StripeUnavailable => StatusCodes.Status503ServiceUnavailable,
            AdminErrorKind.StripeRefused => StatusCodes.Status502BadGateway,
            _ => StatusCodes.Status400BadRequest,
        };
        return Fields is { Count: > 0 }
            ? TypedResults.Problem(new HttpValidationProblemDetails(Fields.ToDictionary()) { Status = status, Detail = Message })
            : TypedResults.Problem(detail: Message, statusCode: status);
    }

    /// <summary>As <see cref="ToProblem()"/>, and tells a caller of an unreachable Stripe when to come back.</summary>
    public ProblemHttpResult ToProblem(HttpContext http)
    {
        if (Kind == AdminErrorKind.StripeUnavailable)
            http.Response.Headers.RetryAfter = StripeFailure.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ToProblem();
    }
}

/// <summary>The outcome of an admin action: its value, or the error that stopped it (and changed nothing).</summary>
public sealed record AdminResult<T>(T? Value, AdminError? Error)
    where T : class
{
    public static implicit operator AdminResult<T>(T value) => new(value, null);

    public static implicit operator AdminResult<T>(AdminError error) => new(null, error);
}
