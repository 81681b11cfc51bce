"""Draw the demo site's illustrations: site_config/demo_media/images/.

    .venv/bin/python scripts/make_demo_images.py            # every image
    .venv/bin/python scripts/make_demo_images.py hero-home  # only these (names without .jpg)
    .venv/bin/python scripts/make_demo_images.py --out DIR  # somewhere else

Calm abstract scenes in the clinic's colours (static/css/site.css): hills at sunrise, paths,
water, leaves, a treatment room, figures without faces. No text, no people who exist, nothing
that shows a treatment or makes a claim. Everything is drawn from fixed numbers, so the same
Pillow makes the same bytes; the files are released under CC0 1.0 (site_config/demo_media/LICENSE).

Each scene is drawn at twice its size and scaled down, which smooths the edges of the shapes.
"""

import argparse
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "site_config" / "demo_media" / "images"
SCALE = 2  # drawn at twice the size, then scaled down
JPEG = {"quality": 82, "optimize": True, "progressive": True, "subsampling": "4:2:0"}

# The clinic's colours (static/css/site.css :root) and softer tints of them.
BRAND = (15, 94, 99)  # --colour-brand
BRAND_DARK = (10, 65, 69)  # --colour-brand-dark
ACCENT_BG = (238, 246, 246)  # --colour-accent-bg
NOTICE_BG = (255, 247, 230)  # --colour-notice-bg
AMBER = (168, 101, 0)  # --colour-notice-border
MUTED = (74, 88, 102)  # --colour-muted
MIST = (201, 211, 218)  # --colour-border
SAGE = (126, 170, 158)
SEA = (62, 132, 136)
SAND = (242, 222, 186)
PEACH = (246, 196, 150)
DAWN = (250, 226, 196)
CREAM = (250, 244, 234)


def mix(a, b, t):
    """The colour t of the way from a to b."""
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def at(stops, t):
    """The colour at t (0..1) along a list of (position, colour) stops."""
    for (p0, c0), (p1, c1) in zip(stops, stops[1:], strict=False):
        if t <= p1:
            return mix(c0, c1, 0 if p1 == p0 else (t - p0) / (p1 - p0))
    return stops[-1][1]


class Canvas:
    """A scene being drawn at SCALE times its size; coordinates are given in final pixels."""

    def __init__(self, width, height, sky):
        self.width, self.height = width, height
        self.image = vertical_gradient(width * SCALE, height * SCALE, sky)

    def s(self, value):
        return value * SCALE

    def points(self, points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    def layer(self, draw_mask, colour, blur=0, opacity=255):
        """Fill `colour` through a mask that draw_mask(ImageDraw) draws, softened by `blur` pixels."""
        mask = Image.new("L", self.image.size, 0)
        draw_mask(ImageDraw.Draw(mask), opacity)
        if blur:
            mask = mask.filter(ImageFilter.GaussianBlur(blur * SCALE))
        fill = colour if isinstance(colour, Image.Image) else Image.new("RGB", self.image.size, colour)
        self.image.paste(fill, (0, 0), mask)

    def polygon(self, points, colour, blur=0, opacity=255):
        self.layer(lambda d, o: d.polygon(self.points(points), fill=o), colour, blur, opacity)

    def circle(self, cx, cy, r, colour, blur=0, opacity=255):
        box = [self.s(cx - r), self.s(cy - r), self.s(cx + r), self.s(cy + r)]
        self.layer(lambda d, o: d.ellipse(box, fill=o), colour, blur, opacity)

    def ellipse(self, box, colour, blur=0, opacity=255):
        box = [self.s(v) for v in box]
        self.layer(lambda d, o: d.ellipse(box, fill=o), colour, blur, opacity)

    def rounded(self, box, radius, colour, blur=0, opacity=255):
        box = [self.s(v) for v in box]
        self.layer(lambda d, o: d.rounded_rectangle(box, self.s(radius), fill=o), colour, blur, opacity)

    def line(self, points, colour, width, opacity=255):
        pts = self.points(points)
        self.layer(
            lambda d, o: d.line(pts, fill=o, width=round(self.s(width)), joint="curve"), colour, 0, opacity
        )

    def gradient_polygon(self, points, top, bottom, y0, y1, opacity=255):
        """A shape filled with a vertical gradient from `top` at y0 to `bottom` at y1."""
        fill = vertical_gradient(
            *self.image.size, [(0, top), (max(y0, 0) / self.height, top), (min(y1 / self.height, 1), bottom)]
        )
        self.polygon(points, fill, opacity=opacity)

    def save(self, path):
        final = self.image.resize((self.width, self.height), Image.Resampling.LANCZOS)
        final.save(path, "JPEG", **JPEG)


def vertical_gradient(width, height, stops):
    strip = Image.new("RGB", (1, height))
    strip.putdata([at(stops, y / max(height - 1, 1)) for y in range(height)])
    return strip.resize((width, height), Image.Resampling.NEAREST)


def ridge(width, base, waves, step=8):
    """Points along a hill line: base height plus a few sine waves (amplitude, periods, phase)."""
    points = []
    for x in range(0, width + step, step):
        y = base + sum(a * math.sin(2 * math.pi * p * x / width + ph) for a, p, ph in waves)
        points.append((x, y))
    return points


def hill(canvas, base, waves, top, bottom):
    line = ridge(canvas.width, base, waves)
    highest = min(y for _, y in line)
    canvas.gradient_polygon(
        [*line, (canvas.width, canvas.height), (0, canvas.height)], top, bottom, highest, canvas.height
    )


def sun(canvas, cx, cy, r, core=DAWN, glow=PEACH):
    canvas.circle(cx, cy, r * 3.2, glow, blur=r * 1.2, opacity=120)
    canvas.circle(cx, cy, r * 1.6, core, blur=r * 0.5, opacity=170)
    canvas.circle(cx, cy, r, core)


def path(canvas, start, end, widths, sway, colour, opacity=255):
    """A path from `start` (near the viewer, wide) to `end` (far, narrow), in one S-bend of `sway`."""
    (x0, y0), (x1, y1) = start, end
    left, right = [], []
    steps = 80
    for i in range(steps + 1):
        t = i / steps
        x = x0 + (x1 - x0) * t + sway * math.sin(2 * math.pi * t) * (1 - t)
        y = y0 + (y1 - y0) * t
        half = (widths[0] + (widths[1] - widths[0]) * t) / 2
        left.append((x - half, y))
        right.append((x + half, y))
    canvas.polygon(left + right[::-1], colour, opacity=opacity)


def leaf(canvas, base, length, width, angle, colour, rib=None, opacity=255):
    """A leaf from `base`, `length` long, pointing at `angle` degrees (0: right, -90: up)."""
    bx, by = base
    a = math.radians(angle)
    ux, uy, nx, ny = math.cos(a), math.sin(a), -math.sin(a), math.cos(a)
    side_a, side_b = [], []
    for i in range(41):
        t = i / 40
        half = width / 2 * math.sin(math.pi * t) ** 0.75 * (1 - 0.25 * t)
        cx, cy = bx + ux * length * t, by + uy * length * t
        side_a.append((cx + nx * half, cy + ny * half))
        side_b.append((cx - nx * half, cy - ny * half))
    canvas.polygon(side_a + side_b[::-1], colour, opacity=opacity)
    if rib:
        canvas.line([(bx, by), (bx + ux * length * 0.85, by + uy * length * 0.85)], rib, max(2, width / 40))


def waves(canvas, top, rows, colours, amplitude, period):
    """Bands of gentle waves from `top` down to the bottom edge."""
    band = (canvas.height - top) / rows
    for i in range(rows):
        base = top + band * i
        line = ridge(canvas.width, base, [(amplitude * (1 + i * 0.2), period + i % 2, i * 1.3)])
        canvas.polygon([*line, (canvas.width, canvas.height), (0, canvas.height)], colours[i % len(colours)])


def figure(canvas, cx, ground, height, colour, opacity=255):
    """A person as two shapes: a round head and a rounded body, no face."""
    head = height * 0.16
    canvas.circle(cx, ground - height + head, head, colour, opacity=opacity)
    body_top = ground - height + head * 2.3
    half = height * 0.22
    canvas.rounded([cx - half, body_top, cx + half, ground + half], half, colour, opacity=opacity)


# The scenes -----------------------------------------------------------------------------------


def hero_home(w=2400, h=1200):
    """Sunrise over layered hills, a path leading towards the light (focal point: the sun)."""
    c = Canvas(w, h, [(0, (214, 233, 232)), (0.45, DAWN), (0.62, PEACH)])
    sun(c, 1560, 600, 120)
    hill(c, 640, [(40, 1.3, 0.4), (18, 3.1, 1.0)], (196, 214, 214), (176, 202, 200))
    hill(c, 730, [(55, 0.9, 2.0), (20, 2.7, 0.3)], (150, 188, 180), SAGE)
    hill(c, 860, [(60, 1.1, 4.1), (25, 2.2, 0.8)], SEA, (46, 116, 116))
    hill(c, 1000, [(50, 0.8, 1.2), (22, 2.6, 2.2)], BRAND, BRAND_DARK)
    path(c, (1150, 1200), (1540, 840), (640, 8), 90, SAND)
    for x, y, size in [(300, 1090, 220), (2150, 1120, 200), (1980, 1160, 150)]:
        leaf(c, (x, y), size, size * 0.42, -70, SAGE)
        leaf(c, (x, y), size * 0.8, size * 0.38, -115, (104, 156, 144))
    return c


def hero_sud(w=1600, h=1200):
    """A path winding up through hills towards a rising sun."""
    c = Canvas(w, h, [(0, (220, 236, 234)), (0.4, DAWN), (0.55, PEACH)])
    sun(c, 1040, 520, 95)
    hill(c, 560, [(35, 1.2, 0.9), (15, 3.4, 2.0)], (190, 210, 210), (170, 198, 196))
    hill(c, 660, [(45, 1.0, 3.0), (18, 2.5, 0.2)], (148, 186, 178), SAGE)
    hill(c, 800, [(60, 0.6, 4.4), (18, 2.1, 1.0)], SEA, (40, 110, 112))
    hill(c, 950, [(50, 0.8, 0.4), (15, 2.4, 2.0)], BRAND, BRAND_DARK)
    path(c, (640, 1200), (1030, 700), (520, 8), 220, SAND)
    for x, y, size in [(180, 1040, 160), (1380, 1080, 140), (1240, 1140, 110)]:
        leaf(c, (x, y), size, size * 0.42, -70, SAGE)
        leaf(c, (x, y), size * 0.8, size * 0.38, -115, (104, 156, 144))
    return c


def hero_depression(w=1600, h=1200):
    """First light over still water: the sun clearing low clouds, its reflection below."""
    c = Canvas(w, h, [(0, (168, 198, 204)), (0.35, (214, 226, 224)), (0.58, DAWN)])
    sun(c, 560, 640, 90, glow=(248, 208, 170))
    for x, y, rx, ry in [(300, 520, 380, 60), (980, 430, 460, 70), (1320, 600, 330, 50), (700, 330, 300, 40)]:
        c.ellipse([x - rx, y - ry, x + rx, y + ry], (246, 240, 232), blur=24, opacity=200)
    c.polygon([(0, 700), (w, 700), (w, h), (0, h)], (150, 190, 192))
    waves(c, 700, 6, [(160, 198, 198), (132, 178, 180), (110, 160, 164)], 6, 5)
    for i in range(7):
        y = 730 + i * 55
        half = 120 - i * 9
        c.rounded([560 - half, y, 560 + half, y + 12], 6, DAWN, opacity=170 - i * 18)
    c.polygon(ridge(w, 720, [(0, 1, 0)]) + [(w, 700), (0, 700)], (122, 160, 160), blur=1)
    left_shore = [(0, 640), (160, 650), (330, 690), (420, 712), (0, 712)]
    c.polygon(left_shore, SEA)
    right_shore = [(1100, 712), (1260, 670), (1420, 650), (w, 655), (w, 712)]
    c.polygon(right_shore, BRAND)
    return c


def hero_ptsd(w=1600, h=1200):
    """A sheltered bay at evening: calm water and a tree that leans over it."""
    c = Canvas(w, h, [(0, (196, 216, 222)), (0.45, (232, 228, 220)), (0.6, (246, 222, 200))])
    c.circle(1180, 420, 70, CREAM, blur=0)
    c.circle(1180, 420, 170, CREAM, blur=60, opacity=110)
    hill(c, 640, [(25, 0.9, 1.7), (10, 2.8, 0.2)], (176, 198, 204), (160, 188, 194))
    c.polygon([(0, 690), (w, 690), (w, h), (0, h)], (150, 186, 190))
    waves(c, 690, 7, [(162, 196, 198), (140, 182, 186), (122, 168, 172)], 5, 4)
    # The headland and its tree, on the left.
    headland = [(0, 520), (140, 540), (320, 620), (520, 720), (640, 800), (0, 820)]
    c.gradient_polygon(headland, BRAND, BRAND_DARK, 520, 820)
    c.polygon([(0, 800), (660, 800), (520, h), (0, h)], BRAND_DARK)
    c.line([(170, 560), (230, 420), (330, 330), (470, 280)], BRAND_DARK, 26)
    for x, y, r in [(470, 270, 120), (360, 300, 110), (560, 320, 95), (280, 370, 80), (430, 360, 100)]:
        c.circle(x, y, r, SEA, opacity=235)
    for x, y, r in [(500, 240, 70), (380, 270, 60), (590, 300, 50)]:
        c.circle(x, y, r, SAGE, opacity=200)
    return c


def treatment(w=1600, h=1200):
    """A sprig of leaves against a soft morning wash."""
    c = Canvas(w, h, [(0, ACCENT_BG), (0.6, (236, 240, 232)), (1, NOTICE_BG)])
    c.circle(1080, 420, 300, DAWN, blur=90, opacity=200)
    c.circle(420, 900, 260, (214, 232, 230), blur=90, opacity=200)
    stem = [(780, 1160), (790, 980), (820, 800), (860, 620), (920, 440), (990, 300)]
    c.line(stem, BRAND_DARK, 10)
    for (x, y), angle, size, colour in [
        ((790, 980), -160, 300, BRAND),
        ((800, 900), -20, 280, SEA),
        ((825, 780), -150, 260, SEA),
        ((845, 690), -25, 250, BRAND),
        ((870, 590), -140, 220, SAGE),
        ((900, 500), -35, 210, SEA),
        ((935, 420), -130, 180, SAGE),
        ((965, 350), -50, 160, (104, 156, 144)),
        ((990, 300), -80, 140, SAGE),
    ]:
        leaf(c, (x, y), size, size * 0.42, angle, colour, rib=mix(colour, CREAM, 0.35))
    return c


def interior(w=1600, h=1200):
    """A quiet treatment room: a window onto hills, an armchair, a lamp and a plant."""
    c = Canvas(w, h, [(0, CREAM), (0.72, (240, 232, 218))])
    c.polygon([(0, 860), (w, 860), (w, h), (0, h)], (222, 206, 182))
    c.polygon([(0, 860), (w, 860), (w, 872), (0, 872)], (206, 188, 162))
    # The window and its view.
    win = (200, 150, 860, 700)
    view = vertical_gradient(c.s(w), c.s(h), [(0, (214, 233, 232)), (0.35, DAWN), (0.55, PEACH)])
    c.rounded(win, 14, view)
    x0, y0, x1, y1 = win
    c.circle(640, 420, 60, DAWN)
    for base, waves_, colour in [(470, [(22, 1.4, 0.3)], (176, 204, 200)), (560, [(28, 1.0, 2.0)], SAGE)]:
        line = [(x0 + x * (x1 - x0) / w, y) for x, y in ridge(w, base, waves_)]
        c.polygon([*line, (x1, y1), (x0, y1)], colour)
    c.polygon([(x0, 610), (x1, 590), (x1, y1), (x0, y1)], SEA)
    for box in ([x0, y0, x1, y0 + 14], [x0, y1 - 14, x1, y1], [x0, y0, x0 + 14, y1], [x1 - 14, y0, x1, y1]):
        c.rounded(box, 4, (246, 240, 230))
    c.rounded([(x0 + x1) / 2 - 7, y0, (x0 + x1) / 2 + 7, y1], 3, (246, 240, 230))
    c.rounded([x0 - 30, y1, x1 + 30, y1 + 22], 6, (232, 222, 204))
    # The armchair, with its soft shadow.
    c.ellipse([820, 1010, 1420, 1090], (190, 170, 146), blur=18, opacity=160)
    c.rounded([880, 560, 1360, 900], 90, BRAND)
    c.rounded([860, 800, 1380, 1000], 60, SEA)
    c.rounded([820, 740, 940, 1020], 55, BRAND_DARK)
    c.rounded([1300, 740, 1420, 1020], 55, BRAND_DARK)
    c.rounded([940, 860, 1300, 930], 30, (84, 150, 152))
    c.rounded([880, 1000, 910, 1060], 10, (120, 96, 70))
    c.rounded([1330, 1000, 1360, 1060], 10, (120, 96, 70))
    c.rounded([1010, 620, 1230, 780], 40, (238, 214, 176))
    # A lamp and a side table.
    c.circle(1500, 520, 170, DAWN, blur=70, opacity=170)
    c.polygon([(1440, 430), (1560, 430), (1590, 560), (1410, 560)], (246, 226, 190))
    c.rounded([1494, 560, 1506, 900], 5, MUTED)
    c.ellipse([1420, 880, 1580, 920], MUTED)
    # A plant in a pot.
    c.rounded([90, 880, 250, 1060], 30, AMBER)
    c.rounded([80, 870, 260, 910], 12, (190, 124, 40))
    for angle, size, colour in [
        (-100, 300, BRAND),
        (-70, 260, SEA),
        (-130, 250, SEA),
        (-50, 210, SAGE),
        (-150, 200, SAGE),
    ]:
        leaf(c, (170, 880), size, size * 0.36, angle, colour)
    return c


def article_awareness(w=1600, h=900):
    """Overlapping circles of colour: people and ideas meeting."""
    c = Canvas(w, h, [(0, NOTICE_BG), (1, ACCENT_BG)])
    for x, y, r, colour, opacity in [
        (520, 430, 300, SAGE, 190),
        (800, 400, 300, PEACH, 190),
        (1080, 450, 300, SEA, 170),
        (660, 560, 220, SAND, 170),
        (950, 580, 220, (214, 232, 230), 200),
        (800, 300, 150, DAWN, 200),
    ]:
        c.circle(x, y, r, colour, opacity=opacity)
    return c


def article_candidate(w=1600, h=900):
    """A path that divides in two across a meadow."""
    c = Canvas(w, h, [(0, (216, 234, 232)), (0.5, DAWN)])
    sun(c, 1200, 300, 60)
    hill(c, 420, [(25, 1.1, 0.5), (10, 3.0, 1.0)], (176, 204, 200), (160, 196, 190))
    hill(c, 520, [(30, 0.8, 2.2)], SAGE, SEA)
    path(c, (780, 900), (780, 700), (460, 160), 0, SAND)
    path(c, (740, 705), (600, 560), (80, 6), 18, SAND)
    path(c, (820, 705), (980, 560), (80, 6), -18, SAND)
    return c


def article_first_visit(w=1600, h=900):
    """A door open onto a warm room, a chair and a plant by it."""
    c = Canvas(w, h, [(0, (226, 236, 236)), (1, (212, 226, 226))])
    c.polygon([(0, 700), (w, 700), (w, h), (0, h)], (196, 212, 212))
    c.circle(800, 420, 320, DAWN, blur=90, opacity=150)
    c.rounded([620, 120, 980, 700], 12, (248, 232, 206))
    c.polygon([(620, 120), (720, 150), (720, 690), (620, 700)], BRAND)
    c.polygon([(620, 700), (980, 700), (1180, h), (520, h)], (246, 226, 196), opacity=170)
    c.rounded([1120, 460, 1400, 640], 50, SEA)
    c.rounded([1100, 600, 1420, 720], 40, BRAND)
    c.rounded([1120, 700, 1140, 760], 6, MUTED)
    c.rounded([1380, 700, 1400, 760], 6, MUTED)
    c.rounded([300, 600, 420, 760], 24, AMBER)
    for angle, size, colour in [(-95, 240, BRAND), (-65, 200, SEA), (-125, 200, SAGE)]:
        leaf(c, (360, 600), size, size * 0.36, angle, colour)
    return c


def article_family(w=1600, h=900):
    """Figures of several heights standing close together at dusk."""
    c = Canvas(w, h, [(0, (206, 224, 228)), (0.55, DAWN), (1, PEACH)])
    c.circle(800, 560, 260, CREAM, blur=80, opacity=160)
    hill(c, 720, [(20, 0.7, 1.2), (8, 2.4, 0.3)], SAGE, SEA)
    for cx, height, colour in [
        (560, 470, BRAND_DARK),
        (700, 400, BRAND),
        (830, 300, SEA),
        (960, 440, BRAND_DARK),
        (1080, 250, SEA),
    ]:
        figure(c, cx, 780, height, colour)
    c.polygon([(0, 780), (w, 780), (w, h), (0, h)], SEA)
    return c


def article_recovery(w=1600, h=900):
    """A line that climbs over rolling hills, dipping and rising again."""
    c = Canvas(w, h, [(0, (214, 232, 232)), (0.6, DAWN)])
    sun(c, 1360, 220, 55)
    hill(c, 520, [(60, 1.5, 0.7), (20, 3.2, 1.9)], (176, 204, 200), SAGE)
    hill(c, 660, [(50, 1.2, 2.5), (15, 2.8, 0.2)], SEA, BRAND)
    route = [
        (x, 780 - 0.32 * x + 70 * math.sin(x / 130) + 25 * math.sin(x / 47)) for x in range(60, 1440, 10)
    ]
    c.line(route, CREAM, 16)
    for x, y in route[::12]:
        c.circle(x, y, 13, AMBER)
    return c


def portrait(background, figure_colour, accent, hair=None, glow_angle=0.0):
    """A square avatar: a figure's head and shoulders, without a face, on a soft round field."""

    def draw(w=800, h=800):
        c = Canvas(w, h, background)
        c.circle(400 + 120 * math.cos(glow_angle), 300 + 120 * math.sin(glow_angle), 260, accent, blur=70)
        if hair:
            c.ellipse([255, 170, 545, 500], hair)
        c.circle(400, 320, 130, figure_colour)
        c.ellipse([150, 520, 650, 1020], figure_colour)
        return c

    return draw


def portrait_team(w=800, h=800):
    """Three figures side by side: the clinic's editorial team."""
    c = Canvas(w, h, [(0, ACCENT_BG), (1, (214, 232, 230))])
    c.circle(400, 360, 300, DAWN, blur=80, opacity=180)
    for cx, cy, r, colour in [(230, 380, 85, SEA), (570, 380, 85, SAGE), (400, 330, 100, BRAND)]:
        c.circle(cx, cy, r, colour)
        c.ellipse([cx - r * 1.9, cy + r * 1.4, cx + r * 1.9, cy + r * 5], colour)
    return c


SCENES = {
    "hero-home": hero_home,
    "hero-substance-use-disorder": hero_sud,
    "hero-depression": hero_depression,
    "hero-ptsd": hero_ptsd,
    "treatment-ketamine-therapy": treatment,
    "treatment-room": interior,
    "article-awareness": article_awareness,
    "article-candidate": article_candidate,
    "article-first-visit": article_first_visit,
    "article-family": article_family,
    "article-recovery": article_recovery,
    "portrait-editorial-team": portrait_team,
    "portrait-reviewer": portrait(
        [(0, NOTICE_BG), (1, (244, 226, 200))], BRAND, PEACH, hair=BRAND_DARK, glow_angle=-2.2
    ),
    "portrait-clinician-1": portrait([(0, ACCENT_BG), (1, (208, 228, 226))], SEA, DAWN, glow_angle=-0.6),
    "portrait-clinician-2": portrait(
        [(0, (236, 240, 244)), (1, MIST)], BRAND_DARK, (214, 232, 230), hair=MUTED, glow_angle=-1.2
    ),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help=f"scenes to draw (default: all): {', '.join(SCENES)}")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder for the files (default: {OUT})")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(SCENES))
    if unknown:
        parser.error(f"no such scene: {', '.join(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.names or SCENES:
        target = args.out / f"{name}.jpg"
        SCENES[name]().save(target)
        print(f"{target} {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    sys.exit(main())
