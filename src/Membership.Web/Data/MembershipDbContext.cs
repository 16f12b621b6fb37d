using Membership.Web.Accounts;
using Membership.Web.AdminActions;
using Membership.Web.ApiKeys;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Membership.Web.Plans;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Data;

public sealed class MembershipDbContext(DbContextOptions<MembershipDbContext> options)
    : IdentityDbContext<Reader, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<MemberSubscription> Subscriptions => Set<MemberSubscription>();
    public DbSet<SubscriptionHistoryEntry> SubscriptionHistory => Set<SubscriptionHistoryEntry>();
    public DbSet<StripeEventRecord> StripeEvents => Set<StripeEventRecord>();
    public DbSet<ComplimentaryGrant> Grants => Set<ComplimentaryGrant>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MembershipDbContext).Assembly);
        // SubscriptionSync's read tickets: a Stripe read that starts later gets a greater number, on every instance.
        builder.HasSequence<long>("stripe_read_tickets");
    }
}
