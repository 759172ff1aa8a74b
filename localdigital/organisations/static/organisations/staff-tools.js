// The staff tools' widgets that scripts draw are given accessible names, as their fields have.
(function () {
    "use strict";

    // The autocomplete box takes the name of the field it replaces.
    function nameAutocompletes(root) {
        root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
            var label = document.querySelector('label[for="' + select.id + '"]');
            var container = select.nextElementSibling;
            var box = container && container.querySelector('[role="combobox"]');
            if (!label || !box) {
                return;
            }
            label.id = label.id || select.id + "-label";
            [box, box.querySelector('[role="textbox"]')].forEach(function (part) {
                if (part && part.getAttribute("aria-labelledby") !== label.id) {
                    part.setAttribute("aria-labelledby", label.id);
                }
            });
        });
    }

    // The "filter" icons of two-list pickers carry a description: they are images with a name.
    function nameFilterIcons(root) {
        root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
            icon.setAttribute("role", "img");
        });
    }

    function nameAll() {
        nameAutocompletes(document);
        nameFilterIcons(document);
    }

    // The admin's own scripts draw these as the page loads, again for each row added, and the
    // autocomplete names its box after the current choice whenever it redraws it.
    document.addEventListener("DOMContentLoaded", function () {
        nameAll();
        new MutationObserver(nameAll).observe(document.body, {
            subtree: true,
            childList: true,
            attributeFilter: ["aria-labelledby"],
        });
    });
    window.addEventListener("load", nameAll);
})();
