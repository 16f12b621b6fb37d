using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Membership.Web.AdLeaks;

/// <summary>
/// Ad-free page views and leaks on one UTC day for one page path: counts only, nothing about who read it.
/// </summary>
public sealed class AdLeakCount
{
    public DateOnly Day { get; set; }
    public required string Path { get; set; }
    public long MemberViews { get; set; }
    public long SlotLeaks { get; set; }
    public long RequestLeaks { get; set; }
    public long ConsentLeaks { get; set; }
}

public sealed class AdLeakCountConfiguration : IEntityTypeConfiguration<AdLeakCount>
{
    public void Configure(EntityTypeBuilder<AdLeakCount> builder)
    {
        builder.ToTable("ad_leak_counts");
        builder.HasKey(c => new { c.Day, c.Path });
        builder.Property(c => c.Path).HasMaxLength(AdLeakReport.MaxPathLength);
    }
}
