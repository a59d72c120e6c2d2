"""Badge art: Pillow draws each badge's icon (tier colour, glyph, name) at two sizes.

Icons are stored in media storage under a name that includes a hash of what they show, so a
changed badge gets new files (and browsers never see a stale icon); unchanged badges are not redrawn.
"""

import io
import math

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

VERSION = 2
SIZES = {"small": 48, "large": 160}
TIERS = {
    "gold": ((241, 196, 40), (176, 128, 6)),
    "silver": ((196, 204, 218), (122, 132, 150)),
    "bronze": ((222, 150, 92), (150, 84, 38)),
}
SCALE = 4  # draw large, downsample: smooth edges without anti-aliasing support in ImageDraw


def exists(name: str) -> bool:
    try:
        return default_storage.exists(name)
    except Exception:  # noqa: BLE001 - storage backends raise their own errors
        return False


def render_and_store(badge, key: str) -> tuple[str, str]:
    names = []
    for size_name, size in SIZES.items():
        data = render(name=badge.name, tier=badge.tier, glyph=badge.glyph, size=size, with_name=size_name == "large")
        path = f"badges/{badge.slug}-{key}-{size}.png"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(data))
        names.append(path)
    return names[0], names[1]


def render(*, name: str, tier: str, glyph: str, size: int, with_name: bool) -> bytes:
    light, dark = TIERS.get(tier, TIERS["bronze"])
    canvas = size * SCALE
    height = int(canvas * (1.28 if with_name else 1))
    image = Image.new("RGBA", (canvas, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    pad = canvas * 0.04
    # Medal: a dark rim, a light face, a soft inner ring.
    draw.ellipse([pad, pad, canvas - pad, canvas - pad], fill=dark + (255,))
    rim = canvas * 0.09
    draw.ellipse([rim, rim, canvas - rim, canvas - rim], fill=light + (255,))
    inner = canvas * 0.15
    draw.ellipse([inner, inner, canvas - inner, canvas - inner], outline=dark + (110,), width=max(2, canvas // 60))
    _glyph(draw, glyph, canvas / 2, canvas / 2, canvas * 0.26, (255, 255, 255, 255), dark + (255,))
    if with_name:
        font = ImageFont.load_default(size=int(canvas * 0.12))
        label = name if len(name) <= 22 else name[:21] + "…"
        box = draw.textbbox((0, 0), label, font=font)
        width = box[2] - box[0]
        while width > canvas * 0.98 and font.size > 10:
            font = ImageFont.load_default(size=font.size - 4)
            box = draw.textbbox((0, 0), label, font=font)
            width = box[2] - box[0]
        draw.text(((canvas - width) / 2, canvas * 1.03), label, font=font, fill=(40, 36, 56, 255))
    out = image.resize((size, int(height / SCALE)), Image.LANCZOS)
    buffer = io.BytesIO()
    out.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _star(cx, cy, r, points=5, inner=0.45, rotation=-math.pi / 2):
    coords = []
    for i in range(points * 2):
        radius = r if i % 2 == 0 else r * inner
        angle = rotation + i * math.pi / points
        coords.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return coords


def _glyph(draw, glyph, cx, cy, r, fill, shade):
    width = max(3, int(r * 0.28))
    if glyph == "star":
        draw.polygon(_star(cx, cy, r), fill=shade)
        draw.polygon(_star(cx, cy - r * 0.04, r * 0.92), fill=fill)
    elif glyph == "check":
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=shade)
        draw.line([(cx - r * 0.5, cy), (cx - r * 0.1, cy + r * 0.42), (cx + r * 0.55, cy - r * 0.4)],
                  fill=fill, width=width, joint="curve")
    elif glyph == "heart":
        d = r * 0.62
        draw.ellipse([cx - r, cy - r * 0.7, cx - r + 2 * d, cy - r * 0.7 + 2 * d], fill=fill)
        draw.ellipse([cx + r - 2 * d, cy - r * 0.7, cx + r, cy - r * 0.7 + 2 * d], fill=fill)
        draw.polygon([(cx - r * 0.97, cy - r * 0.05), (cx + r * 0.97, cy - r * 0.05), (cx, cy + r * 0.95)], fill=fill)
    elif glyph == "bolt":
        draw.polygon([(cx + r * 0.15, cy - r), (cx - r * 0.6, cy + r * 0.12), (cx - r * 0.02, cy + r * 0.12),
                      (cx - r * 0.2, cy + r), (cx + r * 0.62, cy - r * 0.18), (cx + r * 0.02, cy - r * 0.18)],
                     fill=fill, outline=shade)
    elif glyph == "flame":
        draw.polygon([(cx, cy - r), (cx + r * 0.7, cy + r * 0.1), (cx + r * 0.55, cy + r * 0.75),
                      (cx, cy + r), (cx - r * 0.55, cy + r * 0.75), (cx - r * 0.7, cy + r * 0.1)], fill=fill)
        draw.ellipse([cx - r * 0.3, cy + r * 0.1, cx + r * 0.3, cy + r * 0.8], fill=shade)
    elif glyph == "question":
        draw.arc([cx - r * 0.55, cy - r, cx + r * 0.55, cy + r * 0.1], start=180, end=90, fill=fill, width=width)
        draw.line([(cx, cy + r * 0.1), (cx, cy + r * 0.35)], fill=fill, width=width)
        dot = width * 0.7
        draw.ellipse([cx - dot, cy + r * 0.62 - dot, cx + dot, cy + r * 0.62 + dot], fill=fill)
    elif glyph == "bubble":
        draw.rounded_rectangle([cx - r, cy - r * 0.75, cx + r, cy + r * 0.45], radius=r * 0.35, fill=fill)
        draw.polygon([(cx - r * 0.45, cy + r * 0.4), (cx - r * 0.6, cy + r), (cx - r * 0.05, cy + r * 0.4)], fill=fill)
        for dx in (-0.45, 0, 0.45):
            d = r * 0.12
            draw.ellipse([cx + dx * r - d, cy - r * 0.15 - d, cx + dx * r + d, cy - r * 0.15 + d], fill=shade)
    elif glyph == "shield":
        draw.polygon([(cx, cy - r), (cx + r * 0.85, cy - r * 0.65), (cx + r * 0.7, cy + r * 0.35), (cx, cy + r),
                      (cx - r * 0.7, cy + r * 0.35), (cx - r * 0.85, cy - r * 0.65)], fill=fill)
        draw.line([(cx - r * 0.35, cy), (cx - r * 0.05, cy + r * 0.3), (cx + r * 0.4, cy - r * 0.3)],
                  fill=shade, width=max(2, width // 2))
    elif glyph == "sun":
        for i in range(8):
            angle = i * math.pi / 4
            draw.line([(cx + r * 0.55 * math.cos(angle), cy + r * 0.55 * math.sin(angle)),
                       (cx + r * math.cos(angle), cy + r * math.sin(angle))], fill=fill, width=max(2, width // 2))
        draw.ellipse([cx - r * 0.45, cy - r * 0.45, cx + r * 0.45, cy + r * 0.45], fill=fill)
    else:  # person
        draw.ellipse([cx - r * 0.35, cy - r, cx + r * 0.35, cy - r * 0.3], fill=fill)
        draw.pieslice([cx - r * 0.8, cy - r * 0.15, cx + r * 0.8, cy + r * 1.45], start=180, end=360, fill=fill)
