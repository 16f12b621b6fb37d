/* Membership ad-free snippet (GET /adfree.js). Load it synchronously, first in <head>.
   - Decides whether this reader is ad-free: from the adfree_pass cookie, verified here (ES256, WebCrypto, against the
     service's published keys inlined below), with no request; else by asking the service with the reader's cookie.
   - Before the decision, a pre-paint style keeps ad slots from painting and the "Go Ad-Free" banner hidden.
   - Then: <html data-ad-free="true|false">, [data-ad-slot] hidden for ad-free readers, [data-go-ad-free] shown to others,
     inert tags (<script type="text/plain" data-adfree-block>, <iframe data-src data-adfree-block>) activated only for
     readers who are not ad-free, tags marked data-adfree-defer activated for everyone.
   - window.membership.ready: a Promise of the entitlement; the "membership:entitlement" event on document says the same.
   - Consent: the flag cookie adfree=1 and window.membershipConsent, IAB TCF (__tcfapi), consentmanager (cmp_pur_loggedin),
     Sourcepoint (_sp_.config authId and targetingParams).
   - Ad-leak telemetry for ad-free readers: a visible ad slot, a request to an ad host, a consent UI shown. No personal data. */
(function (w, d) {
  "use strict";
  var CONFIG = __CONFIG__;
  var SERVICE = CONFIG.service, SITE = CONFIG.site, html = d.documentElement;
  var FLAG = "adfree";

  function cookie(name) {
    var m = d.cookie.match(new RegExp("(?:^|;\\s*)" + name + "=([^;]+)"));
    return m ? m[1] : null;
  }

  function bytes(part) {
    var s = atob(part.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((part.length + 3) % 4));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  function json(part) {
    return JSON.parse(new TextDecoder().decode(bytes(part)));
  }

  /* What the pass says, unchecked: only a hint for layout and for consent tools that load before the decision. */
  function claimsOf(token) {
    try {
      var parts = token.split("."), header = json(parts[0]), claims = json(parts[1]);
      var known = CONFIG.keys.some(function (k) { return k.kid === header.kid; });
      return header.alg === "ES256" && known && claims.exp * 1000 > Date.now() ? claims : null;
    } catch (e) {
      return null;
    }
  }

  /* The pass counts only when its ES256 signature verifies against one of the published keys (kid match), its issuer is
     the service and it has not expired. Anything else (alg none, HS256, another key, edited claims) counts as no pass. */
  function verify(token) {
    var parts = token.split(".");
    if (parts.length !== 3 || !w.crypto || !w.crypto.subtle) return Promise.resolve(null);
    var header, claims, signature;
    try {
      header = json(parts[0]);
      claims = json(parts[1]);
      signature = bytes(parts[2]);
    } catch (e) {
      return Promise.resolve(null);
    }
    var jwk = CONFIG.keys.filter(function (k) { return k.kid === header.kid; })[0];
    if (header.alg !== "ES256" || !jwk || signature.length !== 64) return Promise.resolve(null);
    var subtle = w.crypto.subtle, algorithm = { name: "ECDSA", namedCurve: "P-256" };
    return subtle.importKey("jwk", { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, ext: true }, algorithm, false, ["verify"])
      .then(function (key) {
        return subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, signature, new TextEncoder().encode(parts[0] + "." + parts[1]));
      })
      .then(function (valid) {
        var fresh = typeof claims.exp === "number" && claims.exp * 1000 > Date.now();
        return valid && fresh && claims.iss === CONFIG.issuer && typeof claims.sub === "string" && typeof claims.ad_free === "boolean" ? claims : null;
      }, function () { return null; });
  }

  var token = cookie("adfree_pass");
  var hinted = cookie(FLAG) === "1" || !!(token && (claimsOf(token) || {}).ad_free === true);

  /* Pre-paint style (a constructed sheet, so no inline <style> a site's CSP might refuse). Until decided: ad slots keep
     their space but do not paint, or take none when this reader is probably ad-free; the banner stays hidden. */
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(
      'html:not([data-ad-free]) [data-ad-slot]{visibility:hidden!important}' +
      'html[data-ad-free-likely]:not([data-ad-free]) [data-ad-slot]{display:none!important}' +
      'html[data-ad-free="true"] [data-ad-slot]{display:none!important}' +
      'html:not([data-ad-free="false"]) [data-go-ad-free]{display:none!important}');
    d.adoptedStyleSheets = d.adoptedStyleSheets.concat([sheet]);
  } catch (e) { /* older browser: apply() alone */ }
  if (hinted) html.setAttribute("data-ad-free-likely", "");

  var resolveReady;
  var membership = w.membership = w.membership || {};
  membership.entitlement = null;
  membership.ready = new Promise(function (resolve) { resolveReady = resolve; });
  /* Set before any consent tool loads; final once decided (a consent tool marked data-adfree-defer sees the final value). */
  w.membershipConsent = { required: !hinted, reason: hinted ? "ad-free" : null, provisional: true };
  w.cmp_pur_loggedin = hinted;

  function whenReady(fn) {
    if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function hide(element, hidden) {
    element.hidden = hidden;
    if (hidden) element.style.setProperty("display", "none", "important");
  }

  function setFlag(adFree) {
    var secure = location.protocol === "https:" ? ";secure" : "";
    d.cookie = FLAG + "=" + (adFree ? "1;max-age=2592000" : ";max-age=0") + ";path=/;samesite=lax" + secure;
  }

  /* Consent tools: recorded as not needed for ad-free readers. */
  function recordConsent(entitlement) {
    var adFree = entitlement.adFree === true;
    w.membershipConsent = { required: !adFree, reason: adFree ? "ad-free" : null, provisional: false };
    w.cmp_pur_loggedin = adFree;
    var sp = w._sp_ && w._sp_.config;
    if (sp) {
      sp.targetingParams = sp.targetingParams || {};
      sp.targetingParams.adFree = adFree;
      if (adFree && entitlement.readerId) sp.authId = entitlement.readerId;
    }
    if (adFree && typeof w.__tcfapi !== "function") w.__tcfapi = tcfNoConsent;
  }

  /* An IAB TCF v2.2 API for ad-free readers on pages with no consent tool: loaded, no UI, and no consent for any purpose
     or vendor, so any vendor code that still runs finds nothing it may do. */
  function tcfNoConsent(command, version, callback) {
    if (typeof callback !== "function") return;
    var data = {
      tcString: "", tcfPolicyVersion: 4, cmpId: 0, cmpVersion: 1, gdprApplies: true, cmpStatus: "loaded",
      eventStatus: "tcloaded", listenerId: command === "addEventListener" ? 1 : undefined, isServiceSpecific: true,
      useNonStandardTexts: false, publisherCC: "AA", purposeOneTreatment: false,
      purpose: { consents: {}, legitimateInterests: {} }, vendor: { consents: {}, legitimateInterests: {} },
      specialFeatureOptins: {}, publisher: { consents: {}, legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} }, restrictions: {} },
    };
    if (command === "ping") callback({ gdprApplies: true, cmpLoaded: true, cmpStatus: "loaded", displayStatus: "disabled", apiVersion: "2.2", cmpVersion: 1, cmpId: 0, gvlVersion: 0, tcfPolicyVersion: 4 });
    else if (command === "getTCData" || command === "addEventListener") callback(data, true);
    else if (command === "removeEventListener") callback(true);
    else callback(null, false);
  }

  /* Inert tags become live: a fresh <script> (the inert one never runs), src/data-src for frames and pixels. */
  function activate(selector) {
    var tags = d.querySelectorAll(selector);
    for (var i = 0; i < tags.length; i++) {
      var tag = tags[i], src = tag.getAttribute("data-src") || tag.getAttribute("src");
      if (tag.tagName === "SCRIPT") {
        var script = d.createElement("script");
        for (var a = 0; a < tag.attributes.length; a++) {
          var name = tag.attributes[a].name;
          if (!/^(type|src|data-src|data-adfree-block|data-adfree-defer|data-type)$/.test(name)) script.setAttribute(name, tag.attributes[a].value);
        }
        var type = tag.getAttribute("data-type");
        if (type) script.type = type;
        if (tag.nonce) script.nonce = tag.nonce;
        script.async = tag.hasAttribute("async");
        if (src) script.src = src;
        else script.text = tag.text;
        tag.parentNode.replaceChild(script, tag);
      } else if (src) {
        tag.removeAttribute("data-adfree-block");
        tag.src = src;
      }
    }
  }

  function apply(entitlement) {
    var adFree = entitlement.adFree === true;
    html.setAttribute("data-ad-free", adFree ? "true" : "false");
    html.removeAttribute("data-ad-free-likely");
    membership.entitlement = w.membershipEntitlement = entitlement;
    setFlag(adFree);
    recordConsent(entitlement);
    whenReady(function () {
      var i, slots = d.querySelectorAll("[data-ad-slot]"), banners = d.querySelectorAll("[data-go-ad-free]");
      for (i = 0; i < slots.length; i++) hide(slots[i], adFree);
      for (i = 0; i < banners.length; i++) {
        if (!adFree && !banners[i].querySelector("a")) {
          /* Both links carry this article's address: after paying (or signing in) the reader is back here. */
          var back = encodeURIComponent(w.location.href.split("#")[0]);
          var link = d.createElement("a");
          link.href = SERVICE + "/join?return=" + back;
          link.textContent = "Support " + SITE + " - Go Ad-Free!";
          banners[i].appendChild(link);
          var member = d.createElement("span");
          member.className = "adfree-member";
          member.appendChild(d.createTextNode(" Already a member? "));
          var signIn = d.createElement("a");
          signIn.href = SERVICE + "/account/code?returnUrl=" + back;
          signIn.textContent = "Sign in";
          member.appendChild(signIn);
          banners[i].appendChild(member);
        }
        hide(banners[i], adFree);
      }
      if (adFree) watchLeaks();
      else activate("[data-adfree-block]");
      activate("[data-adfree-defer]");
      resolveReady(entitlement);
      d.dispatchEvent(new CustomEvent("membership:entitlement", { detail: entitlement }));
    });
  }

  function ask() {
    if (!w.fetch) return Promise.resolve({ readerId: null, adFree: false, features: [] });
    return w.fetch(SERVICE + "/api/v1/me/entitlements", { credentials: "include" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .catch(function () { return { readerId: null, adFree: false, features: [] }; });
  }

  /* A pass past half its life is renewed in the background (the service sets a fresh cookie), so the next page decides
     without a request too; the decision on this page is already made. */
  function renewIfDue(claims) {
    var now = Date.now() / 1000;
    if (claims.iat && now >= claims.iat + (claims.exp - claims.iat) / 2 && w.fetch)
      w.fetch(SERVICE + "/api/v1/me/entitlements", { credentials: "include" }).catch(function () { });
  }

  (token ? verify(token) : Promise.resolve(null)).then(function (claims) {
    if (!claims) return ask();
    renewIfDue(claims);
    return { readerId: claims.sub, adFree: claims.ad_free, features: claims.features || [], source: "pass", passExpiresAt: new Date(claims.exp * 1000).toISOString() };
  }).then(apply);

  /* Ad-leak telemetry: for a reader decided ad-free, whatever ad tech still showed or loaded on this page, counted and sent
     once when the page is hidden or left (again if more turns up). Only the path and counts: no cookie, no id, no URL. */
  function watchLeaks() {
    var hosts = {}, seen = {}, leaks = { request: 0, consent: 0 }, sent = false, slotsReported = false, viewed = Math.random() < CONFIG.memberViewSampleRate;
    (CONFIG.adHosts || []).forEach(function (h) { hosts[h.toLowerCase()] = true; });
    var tags = d.querySelectorAll("[data-adfree-block]");
    for (var i = 0; i < tags.length; i++) {
      var src = tags[i].getAttribute("data-src") || tags[i].getAttribute("src");
      if (src) try { hosts[new URL(src, location.href).host.toLowerCase()] = true; } catch (e) { /* not a URL */ }
    }
    function onResources(entries) {
      entries.forEach(function (entry) {
        try {
          if (hosts[new URL(entry.name).host.toLowerCase()] && !seen[entry.name]) { seen[entry.name] = true; leaks.request++; }
        } catch (e) { /* not a URL */ }
      });
    }
    if (w.PerformanceObserver) {
      try { new PerformanceObserver(function (list) { onResources(list.getEntries()); }).observe({ type: "resource", buffered: true }); }
      catch (e) { onResources(performance.getEntriesByType("resource")); }
    }
    if (typeof w.__tcfapi === "function" && w.__tcfapi !== tcfNoConsent) {
      w.__tcfapi("addEventListener", 2, function (data) { if (data && data.eventStatus === "cmpuishown") leaks.consent++; });
    }
    function visibleSlots() {
      var count = 0, slots = d.querySelectorAll("[data-ad-slot]");
      for (var i = 0; i < slots.length; i++) {
        var box = slots[i].getBoundingClientRect();
        if (box.width > 0 && box.height > 0 && getComputedStyle(slots[i]).visibility !== "hidden") count++;
      }
      return count;
    }
    function report() {
      var slots = slotsReported ? 0 : visibleSlots();
      var views = sent || !viewed ? 0 : Math.round(1 / CONFIG.memberViewSampleRate);
      if (!views && !slots && !leaks.request && !leaks.consent) return;
      var body = JSON.stringify({ path: location.pathname, views: views, slotLeaks: slots, requestLeaks: leaks.request, consentLeaks: leaks.consent });
      sent = true;
      slotsReported = slotsReported || slots > 0;
      leaks = { request: 0, consent: 0 };
      try { w.fetch(SERVICE + "/api/v1/ad-leaks", { method: "POST", mode: "no-cors", credentials: "omit", keepalive: true, body: body }); }
      catch (e) { /* telemetry is best effort */ }
    }
    membership.reportLeaks = report;
    w.addEventListener("pagehide", report);
    d.addEventListener("visibilitychange", function () { if (d.visibilityState === "hidden") report(); });
  }
})(window, document);
