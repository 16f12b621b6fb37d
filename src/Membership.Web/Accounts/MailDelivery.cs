using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Membership.Web.Accounts;

/// <summary>Hands a finished message to the outside world.</summary>
public interface IMailDelivery
{
    Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>MailKit over SMTP, used when <c>Smtp__Host</c> is set.</summary>
public sealed class SmtpMailDelivery(IOptions<SmtpOptions> options) : IMailDelivery
{
    public async Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Smtp__Host is not set."), smtp.Port, smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.Auto, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.Username))
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>
/// Without SMTP each message becomes an .eml file, named so the newest sorts last, and its path is
/// logged, so a newcomer can open it and click the link. The log line never holds the link itself.
/// </summary>
public sealed class PickupDirectoryMailDelivery(IOptions<SmtpOptions> options, IHostEnvironment environment, TimeProvider time,
    ILogger<PickupDirectoryMailDelivery> logger) : IMailDelivery
{
    public string Directory => Path.GetFullPath(options.Value.PickupDirectory, environment.ContentRootPath);

    public async Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"{time.GetUtcNow():yyyyMMdd'T'HHmmssfffffff}-{Guid.NewGuid():N}.eml");
        // Written under a temporary name and renamed, so a reader of the folder never sees half a message.
        var partial = path + ".partial";
        await message.WriteToAsync(partial, cancellationToken);
        File.Move(partial, path);
        logger.LogInformation("Mail \"{Subject}\" written to {Path}", message.Subject, path);
    }
}
