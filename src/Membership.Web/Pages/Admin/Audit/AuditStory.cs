using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Membership.Web.Pages.Admin.Audit;

/// <summary>One audit entry told in words: who did what to whom, the details as labelled facts, and the exact ids apart.</summary>
public sealed record AuditStory(IReadOnlyList<AuditPhrase> Sentence, IReadOnlyList<AuditFact> Facts, IReadOnlyList<AuditFact> Ids)
{
    public string Text => string.Concat(Sentence.Select(p => p.Text));

    /// <summary>The sentence as HTML, its links in place, with no stray whitespace between the pieces.</summary>
    public IHtmlContent SentenceHtml => new HtmlString(string.Concat(Sentence.Select(p => p.Href is null
        ? HtmlEncoder.Default.Encode(p.Text)
        : $"<a href=\"{HtmlEncoder.Default.Encode(p.Href)}\">{HtmlEncoder.Default.Encode(p.Text)}</a>")));
}

/// <summary>A piece of a sentence; a reader or a plan links to its page.</summary>
public sealed record AuditPhrase(string Text, string? Href = null);

public sealed record AuditFact(string Label, string Value);

/// <summary>What the entries on one page refer to, read in a few queries: the names that replace ids in the sentences.</summary>
public sealed record AuditNames(
    IReadOnlyDictionary<Guid, string> ReaderEmails,
    IReadOnlyDictionary<string, string> PlanNames,
    IReadOnlyDictionary<string, string> PlanCurrencies,
    IReadOnlyDictionary<Guid, AuditGrant> Grants,
    IReadOnlyDictionary<string, string> EventTypes,
    IReadOnlyDictionary<Guid, string> ApiKeyNames)
{
    public static readonly AuditNames None = new(
        new Dictionary<Guid, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(),
        new Dictionary<Guid, AuditGrant>(), new Dictionary<string, string>(), new Dictionary<Guid, string>());
}

public sealed record AuditGrant(string Feature, DateTimeOffset? Until, string Reason);
