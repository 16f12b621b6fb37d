namespace Membership.Web.Entitlements;

/// <summary>
/// The snippet's source. Decides from the <c>adfree_pass</c> cookie when it can (no request at all
/// for a reader whose pass is valid and ad-free), else asks the service with the reader's cookie.
/// Then: <c>&lt;html data-ad-free&gt;</c>, ad slots hidden for ad-free readers, the "Go Ad-Free"
/// banner for everyone else, and a <c>membership:entitlement</c> event for the site's ad code.
/// </summary>
internal static class AdFreeSnippetScript
{
    public const string Template = """
        /* Ad-free snippet: marks <html data-ad-free>, hides [data-ad-slot] for ad-free readers, shows [data-go-ad-free] to others,
           and fires "membership:entitlement" on document (detail: the entitlement) for the ad code. */
        (function (w, d) {
          "use strict";
          var SERVICE = __SERVICE__, SITE = __SITE__, html = d.documentElement;
          /* No <style> element: a site whose CSP refuses inline styles would refuse it. A constructed sheet hides the
             slots (ad-free) and the banner (until decided) before the page paints; apply() also sets each element's
             own style, which no site rule outweighs, for browsers without constructed sheets. */
          try {
            var sheet = new CSSStyleSheet();
            sheet.replaceSync('html[data-ad-free="true"] [data-ad-slot]{display:none!important}' +
              'html:not([data-ad-free="false"]) [data-go-ad-free]{display:none!important}');
            d.adoptedStyleSheets = d.adoptedStyleSheets.concat([sheet]);
          } catch (e) { /* older browser: apply() alone */ }

          function readPass() {
            var m = d.cookie.match(/(?:^|;\s*)adfree_pass=([^;]+)/);
            if (!m) return null;
            try {
              var part = m[1].split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
              while (part.length % 4) part += "=";
              var pass = JSON.parse(atob(part));
              return typeof pass.exp === "number" && pass.exp * 1000 > Date.now() ? pass : null;
            } catch (e) {
              return null;
            }
          }

          function whenReady(fn) {
            if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", fn);
            else fn();
          }

          function hide(element, hidden) {
            element.hidden = hidden;
            if (hidden) element.style.setProperty("display", "none", "important");
          }

          function apply(entitlement) {
            var adFree = entitlement.adFree === true;
            html.setAttribute("data-ad-free", adFree ? "true" : "false");
            w.membershipEntitlement = entitlement;
            whenReady(function () {
              var i, slots = d.querySelectorAll("[data-ad-slot]"), banners = d.querySelectorAll("[data-go-ad-free]");
              for (i = 0; i < slots.length; i++) hide(slots[i], adFree);
              for (i = 0; i < banners.length; i++) {
                if (!adFree && !banners[i].querySelector("a")) {
                  var link = d.createElement("a");
                  link.href = SERVICE + "/";
                  link.textContent = "Support " + SITE + " - Go Ad-Free!";
                  banners[i].appendChild(link);
                }
                hide(banners[i], adFree);
              }
              d.dispatchEvent(new CustomEvent("membership:entitlement", { detail: entitlement }));
            });
          }

          var pass = readPass();
          if (pass && pass.ad_free === true) {
            apply({ readerId: pass.sub, adFree: true, features: pass.features || [], passExpiresAt: new Date(pass.exp * 1000).toISOString() });
          } else if (w.fetch) {
            w.fetch(SERVICE + "/api/v1/me/entitlements", { credentials: "include" })
              .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
              .then(apply, function () { apply({ readerId: null, adFree: false, features: [] }); });
          } else {
            apply({ readerId: null, adFree: false, features: [] });
          }
        })(window, document);
        """;
}
