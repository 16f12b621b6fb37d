using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Engine;

/// <summary>Anything with a Stripe id. Each kind renders itself at the pinned API version.</summary>
internal abstract class StripeObject
{
    public required string Id { get; init; }

    public required long Created { get; init; }

    /// <summary>Insertion order: breaks ties between objects created in the same second.</summary>
    public long Sequence { get; set; }

    /// <summary>The Stripe resource name used in "No such ..." errors.</summary>
    public abstract string Resource { get; }

    public abstract JsonObject Render(EmulatorState state);
}
