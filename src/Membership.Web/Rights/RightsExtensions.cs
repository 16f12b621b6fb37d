namespace Membership.Web.Rights;

public static class RightsExtensions
{
    public static WebApplicationBuilder AddRights(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LegalOptions>().BindConfiguration(LegalOptions.Section)
            .Validate(o => o.WithdrawalDays is >= 0 and <= 365, "Membership__Legal__WithdrawalDays must be between 0 and 365.")
            .Validate(o => o.RenewalReminderDays is >= 0 and <= 90, "Membership__Legal__RenewalReminderDays must be between 0 and 90.")
            .Validate(o => o.MaxPauseMonths is >= 1 and <= 12, "Membership__Legal__MaxPauseMonths must be between 1 and 12.")
            .Validate(o => o.CancelLinkLifetime > TimeSpan.Zero && o.CancelLinkLifetime <= TimeSpan.FromDays(30), "Membership__Legal__CancelLinkLifetime must be between 0 and 30 days.")
            .Validate(o => o.NoticeInterval >= TimeSpan.FromSeconds(1) && o.NoticeInterval <= TimeSpan.FromDays(1), "Membership__Legal__NoticeInterval must be between 00:00:01 and 1.00:00:00.")
            .Validate(o => o.SaveOfferPercentOff is >= 0 and <= 100, "Membership__Legal__SaveOfferPercentOff must be between 0 (no offer) and 100.")
            .Validate(o => o.SaveOfferMonths is >= 1 and <= 12, "Membership__Legal__SaveOfferMonths must be between 1 and 12.")
            .Validate(o => o.PriceChangeNoticeDays is >= 1 and <= 365, "Membership__Legal__PriceChangeNoticeDays must be between 1 and 365.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CancelLinks>();
        builder.Services.AddSingleton<RightsMail>();
        builder.Services.AddScoped<ReaderRights>();
        builder.Services.AddScoped<SaveOffers>();
        builder.Services.AddSingleton<RenewalReminders>();
        builder.Services.AddScoped<PriceChangeNotices>();
        builder.Services.AddScoped<PriceChangeDecisions>();
        builder.Services.AddHostedService<RenewalReminderWorker>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRights(this IEndpointRouteBuilder app) => app.MapRightsApi().MapPriceChangeApi();
}
