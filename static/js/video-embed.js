// A YouTube or Vimeo video: the page shows the poster and a play button (video_block.html) and
// asks the provider for nothing until the visitor presses play; then the provider's player
// takes the poster's place, starts, and takes the keyboard focus. A module runs once however
// many videos a page has.
for (const frame of document.querySelectorAll(".video__frame[data-video-player]")) {
    const button = frame.querySelector(".video__play");
    if (!button) continue;
    button.addEventListener(
        "click",
        () => {
            const player = document.createElement("iframe");
            player.className = "video__iframe";
            player.src = frame.dataset.videoPlayer;
            player.title = frame.dataset.videoTitle || "Video";
            player.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
            player.allowFullscreen = true;
            player.referrerPolicy = "strict-origin-when-cross-origin";
            frame.replaceChildren(player);
            player.focus();
        },
        { once: true },
    );
    button.hidden = false;
}
