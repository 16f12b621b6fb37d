using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages;

public static class PageResults
{
    /// <summary>Shows the page again with its errors, under a status that says what went wrong (400 bad input, 401 bad credentials...).</summary>
    public static PageResult WithStatus(this PageModel page, int statusCode)
    {
        page.Response.StatusCode = statusCode;
        return page.Page();
    }
}
