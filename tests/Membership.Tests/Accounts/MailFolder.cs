using System.Text.RegularExpressions;
using Membership.Tests.Infrastructure;
using MimeKit;

namespace Membership.Tests.Accounts;

/// <summary>The pickup directory the service writes .eml files to when it has no SMTP server.</summary>
public sealed partial class MailFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"membership-mail-{Guid.NewGuid():N}");

    /// <summary>Waits for a message to an address whose subject contains the text, and returns the newest.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, string subjectContains) =>
        (await Eventually.ValueAsync(
            async () => (await AllAsync()).LastOrDefault(m => IsTo(m, to) && (m.Subject ?? "").Contains(subjectContains, StringComparison.OrdinalIgnoreCase)),
            found => found is not null, $"a mail to {to} about '{subjectContains}' in {Path}"))!;

    /// <summary>Every message delivered so far, oldest first (the service names files so that they sort by time).</summary>
    public async Task<IReadOnlyList<MimeMessage>> AllAsync()
    {
        if (!Directory.Exists(Path))
            return [];
        var messages = new List<MimeMessage>();
        foreach (var file in Directory.GetFiles(Path, "*.eml").Order(StringComparer.Ordinal))
            messages.Add(await MimeMessage.LoadAsync(file));
        return messages;
    }

    public async Task<int> CountToAsync(string to) => (await AllAsync()).Count(m => IsTo(m, to));

    public static string Link(MimeMessage message, string pathContains) =>
        Links().Matches(message.TextBody ?? "").Select(m => m.Value).FirstOrDefault(l => l.Contains(pathContains, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No link to {pathContains} in \"{message.Subject}\".");

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }

    private static bool IsTo(MimeMessage message, string to) =>
        message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Links();
}
