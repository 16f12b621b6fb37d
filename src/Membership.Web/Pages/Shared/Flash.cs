using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Membership.Web.Pages;

/// <summary>A one-off message shown on the next page a reader sees (after a redirect), kept in TempData.</summary>
public static class Flash
{
    public const string MessageKey = "flash.message";
    public const string KindKey = "flash.kind";

    public static void Success(this ITempDataDictionary tempData, string message) => Set(tempData, message, "ok");
    public static void Warning(this ITempDataDictionary tempData, string message) => Set(tempData, message, "warn");

    private static void Set(ITempDataDictionary tempData, string message, string kind)
    {
        tempData[MessageKey] = message;
        tempData[KindKey] = kind;
    }
}
