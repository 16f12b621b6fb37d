using System.Threading.Channels;
using MimeKit;

namespace Membership.Web.Accounts;

/// <summary>
/// Messages wait here and a background worker delivers them. A request never waits for SMTP, so
/// answering for an unknown address takes as long as for a known one, and a mail server outage
/// does not fail a registration (the reader can ask for the mail again).
/// </summary>
public sealed class MailOutbox
{
    private readonly Channel<MimeMessage> _queue = Channel.CreateUnbounded<MimeMessage>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(MimeMessage message)
    {
        if (!_queue.Writer.TryWrite(message))
            throw new InvalidOperationException("The mail outbox is closed.");
    }

    internal IAsyncEnumerable<MimeMessage> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);
}

public sealed class MailOutboxWorker(MailOutbox outbox, IMailDelivery delivery, ILogger<MailOutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in outbox.ReadAllAsync(stoppingToken))
        {
            try
            {
                await delivery.DeliverAsync(message, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The subject says which kind of mail it was; the body (with its link) stays out of the log.
                logger.LogError("Could not deliver mail \"{Subject}\": {Error}", message.Subject, e.Message);
            }
        }
    }
}
