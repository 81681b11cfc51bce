// The header's menu on phones and tablets (templates/includes/header.html).
// The menu is an HTML popover the Menu button opens, so it works without this script:
// the browser opens it, closes it on Escape or a click outside, and returns focus to the button.
// This script tells assistive technology whether it is open (aria-expanded) and, where a browser
// has no popovers, opens and closes it itself, with Escape and focus handled the same way.
(function () {
    "use strict";
    var button = document.querySelector(".site-header__menu-button");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;

    function show(open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    show(false);

    if (typeof menu.showPopover === "function") {
        menu.addEventListener("toggle", function (event) {
            show(event.newState === "open");
        });
        return;
    }

    // No popovers: the menu is a panel under the header, shown with a class.
    button.removeAttribute("popovertarget");
    menu.removeAttribute("popover");
    menu.classList.add("site-menu--fallback");
    function setOpen(open) {
        menu.classList.toggle("site-menu--open", open);
        show(open);
    }
    button.addEventListener("click", function () {
        setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
            setOpen(false);
            button.focus();
        }
    });
})();
