// The block picker previews a block in a small frame. A block taller or wider than the frame is
// drawn smaller, down to half its size, so the editor sees the whole of it (or most of it) at once.
(function () {
    "use strict";
    var SCALES = [1, 0.9, 0.8, 0.7, 0.6, 0.5];

    function fits(root) {
        var box = root.getBoundingClientRect();
        return box.height <= window.innerHeight && root.scrollWidth <= root.clientWidth;
    }

    function fit() {
        var root = document.documentElement;
        var main = document.querySelector("main") || document.body;
        for (var i = 0; i < SCALES.length; i += 1) {
            root.style.zoom = String(SCALES[i]);
            if (fits(main)) {
                break;
            }
        }
        root.dataset.previewScale = root.style.zoom;
    }

    window.addEventListener("load", fit);
})();
