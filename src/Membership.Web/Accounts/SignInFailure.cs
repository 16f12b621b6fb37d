using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Membership.Web.Accounts;

/// <summary>
/// Failed sign-ins for one address from one source, in the database so every instance counts the same.
/// The address is kept as a hash: most rows name addresses that have no account (guesses, typos).
/// </summary>
public sealed class SignInFailure
{
    /// <summary>SHA-256 (hex) of the normalized address typed in.</summary>
    public required string AccountKey { get; set; }

    /// <summary>The client's IP address (an IPv6 /64 network).</summary>
    public required string Source { get; set; }

    public int Failures { get; set; }
    public DateTimeOffset LastFailedAt { get; set; }
}

public sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> builder)
    {
        builder.ToTable("sign_in_failures");
        builder.HasKey(f => new { f.AccountKey, f.Source });
        builder.Property(f => f.AccountKey).HasMaxLength(64);
        builder.Property(f => f.Source).HasMaxLength(64);
        // Forgetting old failures.
        builder.HasIndex(f => f.LastFailedAt);
    }
}
