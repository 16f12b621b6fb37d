/* Stand-in tracker: a first-party id cookie on the site, and a call home with the page viewed. */
(function () {
  var origin = new URL(document.currentScript.src).origin;
  if (!/(?:^|;\s*)_demo_trk=/.test(document.cookie))
    document.cookie = "_demo_trk=" + Math.random().toString(36).slice(2) + ";path=/;max-age=31536000;samesite=lax";
  fetch(origin + "/collect", { method: "POST", mode: "no-cors", body: JSON.stringify({ page: location.pathname, ref: document.referrer }) });
})();
