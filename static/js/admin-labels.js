// The admin's autocomplete fields (Select2 4.0, bundled with Django) draw a search box without a
// label, which screen readers announce as a nameless field. Each one is named after its field's label,
// again whenever Select2 redraws it (it does on every choice).
(function () {
  "use strict";
  function nameSearchBoxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container) {
        return;
      }
      var name = label.textContent.replace(/:\s*$/, "").trim();
      container.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (box) {
        box.setAttribute("aria-label", name);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameSearchBoxes();
    new MutationObserver(nameSearchBoxes).observe(document.body, { childList: true, subtree: true });
  });
})();
