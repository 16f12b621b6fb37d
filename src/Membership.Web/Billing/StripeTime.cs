namespace Membership.Web.Billing;

internal static class StripeTime
{
    /// <summary>Stripe.net gives UTC <see cref="DateTime"/>s, sometimes with an unspecified kind.</summary>
    public static DateTimeOffset From(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? From(DateTime? value) => value is null ? null : From(value.Value);
}
