// Text boxes with a length limit in the editor: show "n / limit characters" as the editor
// types, and let a pasted text in whole. The browser's maxlength would cut it to the limit
// without a word; instead the limit moves to data-character-limit and, when the text is too
// long, the server's validation says so on the field when the page is saved.
(function () {
    "use strict";
    var LIMITED = "input[maxlength], textarea[maxlength]";

    // Counted as the server counts: a line break arrives as two characters (CR LF), and an
    // emoji is one character, not two.
    function length(text) {
        return Array.from(text.replace(/\r?\n/g, "\r\n")).length;
    }

    function update(field, counter) {
        var limit = Number(field.dataset.characterLimit);
        var count = length(field.value);
        var over = count - limit;
        counter.textContent = count + " / " + limit + " characters" + (over > 0 ? ": " + over + " too many" : "");
        counter.classList.toggle("w-text-critical-200", over > 0);
    }

    function watch(field) {
        field.dataset.characterLimit = field.getAttribute("maxlength");
        field.removeAttribute("maxlength");
        var counter = field.characterCounter;
        if (!counter) {
            counter = field.characterCounter = document.createElement("p");
            counter.className = "w-field__help character-count";
            counter.id = (field.id || field.name) + "-character-count";
            field.insertAdjacentElement("afterend", counter);
            var described = field.getAttribute("aria-describedby");
            field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
            field.addEventListener("input", function () { update(field, counter); });
            field.addEventListener("change", function () { update(field, counter); });
        }
        update(field, counter);
        // A block's script may fill the box in just after adding it.
        window.requestAnimationFrame(function () { update(field, counter); });
    }

    function scan(node) {
        if (node.nodeType !== Node.ELEMENT_NODE) return;
        if (node.matches(LIMITED)) watch(node);
        node.querySelectorAll(LIMITED).forEach(watch);
    }

    scan(document.documentElement);
    // StreamField blocks are drawn by script, as the editor adds them.
    new MutationObserver(function (mutations) {
        mutations.forEach(function (mutation) {
            if (mutation.type === "attributes") scan(mutation.target);
            mutation.addedNodes.forEach(scan);
        });
    }).observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["maxlength"],
    });
})();
