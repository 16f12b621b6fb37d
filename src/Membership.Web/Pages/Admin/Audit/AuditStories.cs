using System.Text.Json;
using Membership.Web.Admin;
using Membership.Web.Plans;

namespace Membership.Web.Pages.Admin.Audit;

/// <summary>
/// Tells each kind of audit entry as a sentence ("admin@… gave reader@… complimentary ad-free reading, last
/// day 2027-03-01"), its details as labelled facts and its ids apart, so the log reads without raw JSON.
/// An action this does not know still reads: its details become facts by their names.
/// </summary>
public static class AuditStories
{
    public static AuditStory Tell(AuditView entry, AuditNames names)
    {
        var details = Parse(entry.Details);
        var facts = new List<AuditFact>();
        var ids = new List<AuditFact>();
        var actor = new AuditPhrase(entry.Actor);
        var reader = Reader(entry.ReaderId, names);
        if (entry.ReaderId is { } readerId)
            ids.Add(new("Reader id", readerId.ToString()));
        List<AuditPhrase> sentence;
        switch (entry.Action)
        {
            case "grant.create":
                {
                    var feature = Text(details, "feature") ?? "ad_free";
                    var until = Instant(details, "until");
                    sentence = [actor, new(" gave "), reader, new($" complimentary {FeatureName(feature)}, {Display.LastDay(until)}")];
                    AddFact(facts, "Reason", Text(details, "reason"));
                    if (Text(details, "import") is not null)
                        facts.Add(new("From", $"an import, row {Text(details, "row") ?? "?"}"));
                    ids.Add(new("Grant id", entry.Target ?? ""));
                    if (Text(details, "import") is { } importId)
                        ids.Add(new("Import id", importId));
                    break;
                }
            case "grant.end":
                {
                    var grant = Guid.TryParse(entry.Target, out var grantId) ? names.Grants.GetValueOrDefault(grantId) : null;
                    sentence = [actor, new(" ended "), Possessive(reader), new($" complimentary {FeatureName(grant?.Feature ?? "ad_free")}")];
                    if (grant is not null)
                    {
                        facts.Add(new("It was to run", Display.LastDay(grant.Until)));
                        facts.Add(new("Reason it was given", grant.Reason));
                    }
                    ids.Add(new("Grant id", entry.Target ?? ""));
                    break;
                }
            case "plan.create":
                {
                    var plan = Plan(entry.Target, names, Text(details, "name"));
                    var currency = Text(details, "currency") ?? "usd";
                    var price = Long(details, "amount") is { } amount ? $"{Currencies.Format(amount, currency)} / {Text(details, "interval") ?? "month"}" : null;
                    sentence = [actor, new(" created the plan "), plan, new(price is null ? "" : $", selling at {price}")];
                    AddFact(facts, "Trial days", Text(details, "trialDays"));
                    AddFact(facts, "Features", Text(details, "features"));
                    ids.Add(new("Plan key", entry.Target ?? ""));
                    AddFact(ids, "Stripe price", Text(details, "stripePriceId"));
                    break;
                }
            case "plan.update" or "plan.archive" or "plan.unarchive":
                {
                    var plan = Plan(entry.Target, names, null);
                    sentence = entry.Action switch
                    {
                        "plan.archive" => [actor, new(" archived the plan "), plan, new(": it is no longer sold, its subscribers keep it")],
                        "plan.unarchive" => [actor, new(" put the plan "), plan, new(" on sale again")],
                        _ => [actor, new(" changed the plan "), plan],
                    };
                    var currency = names.PlanCurrencies.GetValueOrDefault(entry.Target ?? "") ?? "usd";
                    foreach (var (field, fromTo) in Changes(details))
                    {
                        if (field.Equals("StripePriceId", StringComparison.OrdinalIgnoreCase))
                        {
                            facts.Add(new("Stripe price", "a new price for new subscribers (existing ones keep theirs)"));
                            ids.Add(new("Stripe price", $"{Value(fromTo.From) ?? "none"} → {Value(fromTo.To) ?? "none"}"));
                        }
                        else if (!field.Equals("Archived", StringComparison.OrdinalIgnoreCase) || entry.Action == "plan.update")
                        {
                            facts.Add(new(FieldName(field), $"{FieldValue(field, fromTo.From, currency)} → {FieldValue(field, fromTo.To, currency)}"));
                        }
                    }
                    ids.Add(new("Plan key", entry.Target ?? ""));
                    break;
                }
            case "plan.price_change":
                {
                    var plan = Plan(entry.Target, names, null);
                    sentence = Text(details, "existingSubscribers") == "move"
                        ? [actor, new(" chose to move the subscribers of "), plan, new($" on older prices to its current price, after a notice of {Text(details, "noticeDays") ?? "?"} days")]
                        : [actor, new(" chose to keep the subscribers of "), plan, new(" on their older prices (grandfathered)")];
                    ids.Add(new("Plan key", entry.Target ?? ""));
                    AddFact(ids, "From prices", Text(details, "from"));
                    AddFact(ids, "To price", Text(details, "to"));
                    break;
                }
            case "reader.sync":
                sentence = [actor, new(" synced "), reader, new(" with Stripe")];
                AddFact(facts, "Subscriptions re-read", Text(details, "subscriptionsSynced"));
                AddFact(facts, "Missing in Stripe", Text(details, "missingInStripe"));
                break;
            case "stripe_event.replay":
                {
                    var type = names.EventTypes.GetValueOrDefault(entry.Target ?? "");
                    sentence = [actor, new($" replayed the Stripe event {(type is null ? "" : $"“{type}” ")}")];
                    if (entry.ReaderId is not null)
                        sentence.AddRange([new("of "), reader]);
                    ids.Add(new("Stripe event id", entry.Target ?? ""));
                    break;
                }
            case "api_key.create" or "api_key.revoke":
                {
                    var name = Text(details, "name") ?? (Guid.TryParse(entry.Target, out var keyId) ? names.ApiKeyNames.GetValueOrDefault(keyId) : null) ?? "(unnamed)";
                    var kind = Text(details, "kind");
                    sentence = entry.Action == "api_key.create"
                        ? [actor, new($" created the {(kind is null ? "" : kind + " ")}API key “{name}”")]
                        : [actor, new($" revoked the API key “{name}”")];
                    AddFact(facts, "Starts with", Text(details, "prefix"));
                    ids.Add(new("API key id", entry.Target ?? ""));
                    break;
                }
            case "import.dry_run" or "import.apply":
                {
                    var source = Text(details, "source") == "csv" ? "a CSV file" : "Stripe";
                    sentence = [actor, new(entry.Action == "import.dry_run" ? $" tried an import from {source} (dry run, nothing changed)" : $" imported from {source}")];
                    AddFact(facts, "Rows", Text(details, "rows"));
                    ids.Add(new("Import id", entry.Target ?? ""));
                    break;
                }
            default:
                sentence = [actor, new($" did “{entry.Action.Replace('_', ' ').Replace(".", ": ", StringComparison.Ordinal)}”")];
                if (entry.ReaderId is not null)
                    sentence.AddRange([new(" to "), reader]);
                if (details is { ValueKind: JsonValueKind.Object } d)
                {
                    foreach (var property in d.EnumerateObject())
                        facts.Add(new(FieldName(property.Name), Value(property.Value) ?? "none"));
                }
                AddFact(ids, "Target", entry.Target);
                break;
        }
        return new AuditStory(sentence, facts, ids);
    }

    private static AuditPhrase Reader(Guid? readerId, AuditNames names) => readerId switch
    {
        null => new("no reader"),
        { } id when names.ReaderEmails.TryGetValue(id, out var email) => new(email, $"/admin/readers/{id}"),
        _ => new("a reader since deleted"),
    };

    private static AuditPhrase Possessive(AuditPhrase reader) => reader with { Text = reader.Text + "’s" };

    private static AuditPhrase Plan(string? key, AuditNames names, string? nameThen)
    {
        var name = names.PlanNames.GetValueOrDefault(key ?? "") ?? nameThen ?? key ?? "(unknown)";
        return new($"“{name}”", key is null ? null : $"/admin/plans/{Uri.EscapeDataString(key)}");
    }

    private static string FeatureName(string feature) => feature == "ad_free" ? "ad-free reading" : feature.Replace('_', ' ');

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Property(JsonElement? details, string name)
    {
        if (details is not { ValueKind: JsonValueKind.Object } d)
            return null;
        foreach (var property in d.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                return property.Value;
        }
        return null;
    }

    private static string? Text(JsonElement? details, string name) => Property(details, name) is { } value ? Value(value) : null;

    private static long? Long(JsonElement? details, string name) =>
        Property(details, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var n) ? n : null;

    private static DateTimeOffset? Instant(JsonElement? details, string name) =>
        Property(details, name) is { ValueKind: JsonValueKind.String } value && value.TryGetDateTimeOffset(out var at) ? at : null;

    /// <summary>A JSON value as a person reads it: text bare, lists joined, nothing as null.</summary>
    private static string? Value(JsonElement? value) => value switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } v when v.TryGetDateTimeOffset(out var at) => Display.Time(at),
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.True } => "yes",
        { ValueKind: JsonValueKind.False } => "no",
        { ValueKind: JsonValueKind.Array } v => v.GetArrayLength() == 0 ? "none" : string.Join(", ", v.EnumerateArray().Select(e => Value(e) ?? "none")),
        { ValueKind: JsonValueKind.Object } v => string.Join("; ", v.EnumerateObject().Select(p => $"{FieldName(p.Name)}: {Value(p.Value) ?? "none"}")),
        { } v => v.GetRawText(),
    };

    /// <summary>A plan change's fields, each [from, to].</summary>
    private static IEnumerable<(string Field, (JsonElement? From, JsonElement? To) FromTo)> Changes(JsonElement? details)
    {
        if (details is not { ValueKind: JsonValueKind.Object } d)
            yield break;
        foreach (var property in d.EnumerateObject())
        {
            if (property.Value is { ValueKind: JsonValueKind.Array } pair && pair.GetArrayLength() == 2)
                yield return (property.Name, (pair[0], pair[1]));
        }
    }

    private static string FieldValue(string field, JsonElement? value, string currency) =>
        field.Equals("Amount", StringComparison.OrdinalIgnoreCase) && value is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var amount)
            ? Currencies.Format(amount, currency)
            : field.Equals("Currency", StringComparison.OrdinalIgnoreCase) ? (Value(value) ?? "none").ToUpperInvariant() : Value(value) ?? "none";

    /// <summary>"TrialDays" or "trialDays" → "Trial days".</summary>
    private static string FieldName(string field)
    {
        var words = new System.Text.StringBuilder();
        foreach (var c in field.Replace('_', ' '))
        {
            if (char.IsUpper(c) && words.Length > 0 && words[^1] != ' ')
                words.Append(' ');
            words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }
        return words.ToString();
    }

    private static void AddFact(List<AuditFact> facts, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            facts.Add(new(label, value));
    }
}
