using System.ComponentModel.DataAnnotations;

namespace Membership.Web.Admin;

/// <summary>Settings of the admin console (section Membership:Admin).</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string Section = "Membership:Admin";

    /// <summary>The IANA (or Windows) zone the console shows times in; UTC unless set.</summary>
    public string TimeZone { get; set; } = "UTC";

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? "", out _))
            yield return new ValidationResult($"Membership:Admin:TimeZone '{TimeZone}' is not a known time zone (use an IANA name such as Europe/Berlin).", [nameof(TimeZone)]);
    }
}
