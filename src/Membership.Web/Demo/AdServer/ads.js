/* Stand-in ad network: fills every ad slot with a creative, counts an impression with a pixel. */
(function () {
  var origin = new URL(document.currentScript.src).origin;
  function fill() {
    var slots = document.querySelectorAll("[data-ad-slot]");
    for (var i = 0; i < slots.length; i++) {
      var slot = slots[i];
      if (slot.querySelector("iframe, img")) continue;
      var img = document.createElement("img");
      img.src = origin + "/creative.svg?slot=" + encodeURIComponent(slot.getAttribute("data-ad-slot"));
      img.alt = "Advertisement: Acme Travel, 3 nights for 2";
      img.style.maxWidth = "100%";
      img.style.height = "90px";
      slot.textContent = "";
      slot.appendChild(img);
    }
    new Image().src = origin + "/pixel.gif?e=impression&n=" + slots.length;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill);
  else fill();
})();
