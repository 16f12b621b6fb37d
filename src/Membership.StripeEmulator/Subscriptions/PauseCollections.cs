namespace Membership.StripeEmulator.Subscriptions;

/// <summary>
/// <c>pause_collection</c>: the subscription stays active and keeps its periods, but its invoices are voided, kept as
/// drafts or marked uncollectible instead of charged, until <c>resumes_at</c> (or until it is unset with "").
/// </summary>
internal static class PauseCollections
{
    private static readonly string[] Behaviors = ["keep_as_draft", "mark_uncollectible", "void"];

    /// <summary>Null: not in the request; an empty behaviour: unset (resume now).</summary>
    public static PauseCollection? Read(StripeParams p, long now)
    {
        if (!p.Has("pause_collection"))
            return null;
        if (p.Object("pause_collection") is not { } pause)
            return new PauseCollection("", null);
        pause.AllowOnly("behavior", "resumes_at");
        var behavior = pause.RequiredString("behavior");
        if (!Behaviors.Contains(behavior))
            throw StripeErrorException.Invalid("pause_collection[behavior]", "Invalid pause_collection[behavior]: must be one of keep_as_draft, mark_uncollectible, or void");
        var resumesAt = pause.Long("resumes_at");
        if (resumesAt <= now)
            throw StripeErrorException.Invalid("pause_collection[resumes_at]", "Invalid timestamp: must be an integer Unix timestamp in the future.");
        return new PauseCollection(behavior, resumesAt);
    }

    /// <summary><c>resumes_at</c> has come: collection resumes (<c>customer.subscription.updated</c>).</summary>
    public static void Resume(EmulatorState state, Subscription subscription)
    {
        var before = subscription.Render(state);
        subscription.PauseCollection = null;
        state.EmitIfChanged("customer.subscription.updated", subscription, before, EventCause.Automatic);
    }

    /// <summary>A renewal invoice while paused: what the behaviour says instead of charging it.</summary>
    public static void Handle(EmulatorState state, Invoice invoice, PauseCollection pause)
    {
        invoice.AutoAdvance = false;
        invoice.AutomaticallyFinalizesAt = null;
        if (pause.Behavior == "keep_as_draft")
            return;
        Invoicing.Finalize(state, invoice, EventCause.Automatic);
        if (pause.Behavior == "void")
            Invoicing.Void(state, invoice, EventCause.Automatic);
        else
            Invoicing.MarkUncollectible(state, invoice, EventCause.Automatic);
    }
}
