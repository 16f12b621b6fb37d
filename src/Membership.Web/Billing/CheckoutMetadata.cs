namespace Membership.Web.Billing;

/// <summary>Metadata keys we put on Stripe objects so a subscription can always name its reader.</summary>
public static class CheckoutMetadata
{
    public const string ReaderId = "reader_id";
}
