/*
 * Share buttons that need a script: "Copy link" (the Clipboard API) and "Share…"
 * (the Web Share API, phones mostly). Both start hidden and appear only where the
 * browser can do what they say; the plain share links and the link field work
 * without any script.
 */
(function () {
  "use strict";

  function announce(button, message) {
    var status = button.closest(".share").querySelector(".share__status");
    if (status) status.textContent = message;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var done = document.execCommand && document.execCommand("copy");
      document.body.removeChild(field);
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    button.closest("li").hidden = false;
    button.addEventListener("click", function () {
      copy(button.getAttribute("data-copy-link")).then(
        function () { announce(button, "Link copied."); },
        function () { announce(button, "Could not copy: select the link below and copy it."); }
      );
    });
  });

  if (navigator.share) {
    document.querySelectorAll("[data-native-share]").forEach(function (button) {
      button.closest("li").hidden = false;
      button.addEventListener("click", function () {
        navigator.share({
          title: button.getAttribute("data-share-title"),
          url: button.getAttribute("data-native-share"),
        }).catch(function () { /* the reader closed the share sheet */ });
      });
    });
  }
})();
