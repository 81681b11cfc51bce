#!/bin/sh
# Renders the demo video the project made itself: "How a consultation works", 7 seconds of
# titles on the clinic's colours, silent, as WebM (VP9), with its WebVTT captions and a poster
# frame (JPEG) for the image library. Nothing is downloaded: ffmpeg's lavfi sources draw it,
# in Debian's DejaVu Sans. Run it again after changing the words; the output is deterministic
# for one ffmpeg version.
#
#     apt-get install ffmpeg fonts-dejavu-core
#     sh scripts/make_demo_video.sh        # writes site_config/demo_media/consultation.*
set -eu

OUT="${1:-$(dirname "$0")/../site_config/demo_media}"
FONT="${FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf}"
mkdir -p "$OUT"

# The words on screen, one scene each, and the captions that say the same.
TITLE="How a consultation works"
STEP1="1. Tell us about your health"
STEP2="2. Meet your physician"
STEP3="3. Plan your care together"

scene() {
    # scene TEXT START END: TEXT drawn from START to END seconds.
    printf "drawtext=fontfile=%s:text='%s':fontcolor=white:fontsize=68:x=(w-text_w)/2:y=(h-text_h)/2:enable='between(t,%s,%s)'" \
        "$FONT" "$1" "$2" "$3"
}

FILTERS="$(scene "$TITLE" 0 2.5),$(scene "$STEP1" 2.5 4),$(scene "$STEP2" 4 5.5),$(scene "$STEP3" 5.5 7)"

ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "gradients=size=1280x720:rate=24:duration=7:speed=0.01:c0=0x0a4145:c1=0x0f5e63:c2=0x1d6f74:nb_colors=3:seed=13" \
    -vf "$FILTERS,format=yuv420p" \
    -c:v libvpx-vp9 -b:v 0 -crf 45 -deadline good -cpu-used 2 -row-mt 1 -an -threads 1 \
    -fflags +bitexact -flags:v +bitexact \
    -metadata title="$TITLE" -metadata copyright="CC0 1.0, Northwest Ketamine Clinics" \
    "$OUT/consultation.webm"

# The poster: the title scene, as the editor uploads it to the image library.
ffmpeg -hide_banner -loglevel error -y -ss 1 -i "$OUT/consultation.webm" -frames:v 1 \
    -q:v 3 "$OUT/consultation-poster.jpg"

cat > "$OUT/consultation.vtt" <<EOF
WEBVTT

00:00:00.000 --> 00:00:02.500
[On screen] $TITLE

00:00:02.500 --> 00:00:04.000
[On screen] $STEP1

00:00:04.000 --> 00:00:05.500
[On screen] $STEP2

00:00:05.500 --> 00:00:07.000
[On screen] $STEP3
EOF

ls -l "$OUT"/consultation*
