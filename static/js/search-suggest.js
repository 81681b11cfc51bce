// Title suggestions for search boxes: a progressive enhancement. Without this
// script the search form works as a plain form.
(function () {
    "use strict";
    document.querySelectorAll("input[data-suggest]").forEach(function (input) {
        var list = document.getElementById(input.getAttribute("list"));
        if (!list || !window.fetch) return;
        var timer = null;
        var last = "";
        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(function () {
                var query = input.value.trim();
                if (query.length < 2 || query === last) return;
                last = query;
                fetch(input.dataset.suggest + "?q=" + encodeURIComponent(query), {credentials: "same-origin"})
                    .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
                    .then(function (data) {
                        list.replaceChildren.apply(list, data.suggestions.map(function (item) {
                            var option = document.createElement("option");
                            option.value = item.title;
                            return option;
                        }));
                    })
                    .catch(function () { /* suggestions are optional */ });
            }, 200);
        });
    });
})();
