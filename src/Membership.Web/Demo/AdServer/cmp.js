/* Stand-in consent tool: an IAB TCF-style __tcfapi and a consent wall ("accept tracking or go ad-free") until the
   reader accepts. A page loads it only for readers who are not ad-free (data-adfree-block). */
(function () {
  var accepted = /(?:^|;\s*)demo_consent=accepted/.test(document.cookie);
  var listeners = [];
  function data(status) {
    return { tcString: accepted ? "CPdemo.accepted" : "", gdprApplies: true, cmpStatus: "loaded", eventStatus: status, cmpId: 0, cmpVersion: 1,
             tcfPolicyVersion: 4, purpose: { consents: { 1: accepted } }, vendor: { consents: {} } };
  }
  window.__tcfapi = function (command, version, callback) {
    if (command === "ping") callback({ gdprApplies: true, cmpLoaded: true, cmpStatus: "loaded", displayStatus: accepted ? "hidden" : "visible", apiVersion: "2.2" });
    else if (command === "addEventListener") { listeners.push(callback); callback(data(accepted ? "tcloaded" : "cmpuishown"), true); }
    else if (command === "getTCData") callback(data("tcloaded"), true);
  };
  if (accepted) return;
  function show() {
    var wall = document.createElement("div");
    wall.setAttribute("role", "dialog");
    wall.setAttribute("aria-modal", "true");
    wall.setAttribute("aria-labelledby", "demo-consent-title");
    wall.setAttribute("data-consent-wall", "");
    var s = wall.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "1000"; s.padding = "1.25rem";
    s.background = "#fff"; s.borderTop = "4px solid #1d1d1f"; s.font = "16px/1.5 system-ui, sans-serif"; s.color = "#1d1d1f";
    var title = document.createElement("h2");
    title.id = "demo-consent-title";
    title.textContent = "Your choice: accept tracking, or go ad-free";
    var text = document.createElement("p");
    text.textContent = "We and our 312 partners use cookies to show you personalised ads and measure them. Accept, or read without ads or tracking as a member.";
    var accept = document.createElement("button");
    accept.type = "button";
    accept.textContent = "Accept and continue";
    accept.addEventListener("click", function () {
      document.cookie = "demo_consent=accepted;path=/;max-age=31536000;samesite=lax";
      accepted = true;
      wall.remove();
      listeners.forEach(function (l) { l(data("useractioncomplete"), true); });
    });
    wall.appendChild(title);
    wall.appendChild(text);
    wall.appendChild(accept);
    var banner = document.querySelector("[data-go-ad-free] a");
    if (banner) {
      var join = document.createElement("a");
      join.href = banner.href;
      join.textContent = "Go ad-free instead";
      join.style.marginLeft = "1rem";
      wall.appendChild(join);
    }
    document.body.appendChild(wall);
    accept.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
