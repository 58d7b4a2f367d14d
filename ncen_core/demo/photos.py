"""Generated pictures of concealments: X-ray images and simple coloured drawings.

A demo record with a picture shows the attachment viewer, thumbnails and the photo
columns at work. The pictures are drawn with Pillow from a seed (same seed, same bytes),
small (480 x 320 PNG) and quick to make; each carries a caption band with the reference,
container number or plate it belongs to, and says it is synthetic.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

SIZE = (480, 320)
Box = tuple[int, int, int, int]


def render(drawing: str, seed: int, label: str) -> bytes:
    """PNG bytes of ``drawing`` (a key of :data:`DRAWINGS`) for ``label``."""
    image = DRAWINGS[drawing](random.Random(seed))
    _caption(image, f"{label}  -  synthetic demo image")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def baggage_xray(rng: random.Random) -> Image.Image:
    """A dual-energy baggage X-ray: organic matter orange, metal blue, a dense block hidden
    in the lining and circled by the operator."""
    image, draw = _canvas((245, 245, 240))
    case = (60, 40, 420, 270)
    draw.rounded_rectangle(case, radius=18, outline=(40, 70, 160), width=6)
    draw.rectangle((220, 20, 260, 40), outline=(40, 70, 160), width=4)
    for _ in range(rng.randint(5, 9)):
        _blob(draw, rng, case, (235, 150, 60, 255))
    for _ in range(rng.randint(1, 3)):
        x, y = rng.randint(90, 360), rng.randint(70, 220)
        draw.rectangle((x, y, x + 30, y + 12), fill=(60, 110, 200))
    hidden = _inner(rng, case, (120, 40), (200, 70))
    draw.rectangle(hidden, fill=(120, 60, 10))
    _mark(draw, hidden)
    return image


def body_xray(rng: random.Random) -> Image.Image:
    """An abdominal X-ray with swallowed pellets showing as bright ovals."""
    image, draw = _canvas((10, 10, 14))
    draw.ellipse((120, 10, 360, 330), fill=(70, 70, 78))
    draw.rectangle((230, 10, 250, 300), fill=(185, 185, 190))
    for y in range(30, 120, 18):
        draw.arc((140, y, 340, y + 60), 200, 340, fill=(150, 150, 158), width=5)
    draw.ellipse((160, 230, 320, 300), outline=(170, 170, 176), width=8)
    for _ in range(rng.randint(25, 60)):
        x, y = rng.randint(165, 300), rng.randint(120, 230)
        draw.ellipse((x, y, x + 18, y + 9), fill=(235, 235, 238), outline=(255, 255, 255))
    return image


def parcel_xray(rng: random.Random) -> Image.Image:
    """A parcel on the X-ray belt: ordinary contents and a dense packet inside one of them."""
    image, draw = _canvas((245, 245, 240))
    box = (90, 50, 390, 260)
    draw.rectangle(box, outline=(150, 110, 60), width=5)
    for _ in range(rng.randint(2, 4)):
        inner = _inner(rng, box, (60, 40), (140, 90))
        draw.rectangle(inner, outline=(60, 110, 200), width=3, fill=(250, 205, 150))
    hidden = _inner(rng, box, (50, 30), (90, 50))
    draw.rectangle(hidden, fill=(140, 70, 20))
    _mark(draw, hidden)
    return image


def container(rng: random.Random) -> Image.Image:
    """A container cut open at the doors end: a false wall with packages behind it."""
    image, draw = _canvas((200, 225, 245))
    draw.rectangle((0, 250, 480, 320), fill=(120, 120, 120))
    colour = rng.choice(((180, 40, 40), (30, 90, 160), (40, 130, 70), (210, 140, 30)))
    body = (30, 70, 450, 250)
    draw.rectangle(body, fill=colour, outline=(30, 30, 30), width=3)
    for x in range(40, 450, 14):
        draw.line((x, 75, x, 245), fill=tuple(max(0, c - 40) for c in colour), width=3)
    wall = 340 + rng.randint(0, 40)
    draw.rectangle((wall, 75, 445, 245), fill=(235, 230, 215))
    _packages(draw, rng, (wall + 8, 85, 440, 240))
    draw.line((wall, 75, wall, 245), fill=(20, 20, 20), width=6)
    return image


def lorry(rng: random.Random) -> Image.Image:
    """A lorry in side view, its hidden compartment above the chassis opened up."""
    image, draw = _canvas((200, 225, 245))
    draw.rectangle((0, 260, 480, 320), fill=(110, 110, 110))
    draw.rectangle((20, 80, 340, 220), fill=rng.choice(((240, 240, 240), (60, 100, 170))),
                   outline=(30, 30, 30), width=3)
    draw.rectangle((350, 120, 450, 220), fill=(200, 40, 40), outline=(30, 30, 30), width=3)
    draw.rectangle((370, 135, 430, 175), fill=(170, 210, 240))
    for x in (70, 130, 290, 400):
        draw.ellipse((x - 25, 205, x + 25, 255), fill=(25, 25, 25))
    compartment = (40 + rng.randint(0, 60), 190, 300, 222)
    draw.rectangle(compartment, fill=(235, 230, 215))
    _packages(draw, rng, compartment)
    _mark(draw, compartment)
    return image


def car(rng: random.Random) -> Image.Image:
    """A car in side view with packages in a void of the body."""
    image, draw = _canvas((200, 225, 245))
    draw.rectangle((0, 250, 480, 320), fill=(110, 110, 110))
    colour = rng.choice(((30, 30, 30), (180, 180, 185), (150, 20, 30), (30, 60, 120)))
    draw.rounded_rectangle((40, 150, 440, 230), radius=25, fill=colour)
    draw.polygon(((120, 150), (170, 95), (330, 95), (380, 150)), fill=colour)
    draw.polygon(((135, 148), (178, 105), (322, 105), (365, 148)), fill=(170, 210, 240))
    for x in (120, 360):
        draw.ellipse((x - 32, 200, x + 32, 264), fill=(20, 20, 20))
    void = _inner(rng, (60, 160, 420, 220), (90, 30), (160, 45))
    draw.rectangle(void, fill=(235, 230, 215))
    _packages(draw, rng, void)
    _mark(draw, void)
    return image


def packages(rng: random.Random) -> Image.Image:
    """Seized goods laid out on the examination table, with a scale bar."""
    image, draw = _canvas((90, 90, 95))
    _packages(draw, rng, (30, 30, 450, 260), size=(52, 34))
    draw.rectangle((30, 270, 230, 282), fill=(240, 240, 240))
    for x in range(30, 231, 20):
        draw.line((x, 270, x, 282), fill=(20, 20, 20))
    return image


DRAWINGS: dict[str, Callable[[random.Random], Image.Image]] = {
    "baggage_xray": baggage_xray, "body_xray": body_xray, "parcel_xray": parcel_xray,
    "container": container, "lorry": lorry, "car": car, "packages": packages,
}


def _canvas(background: tuple[int, int, int]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", SIZE, background)
    return image, ImageDraw.Draw(image, "RGBA")


def _inner(rng: random.Random, box: Box, smallest: tuple[int, int],
           largest: tuple[int, int]) -> Box:
    """A random rectangle inside ``box``."""
    width = rng.randint(smallest[0], largest[0])
    height = rng.randint(smallest[1], largest[1])
    x = rng.randint(box[0] + 10, max(box[0] + 10, box[2] - width - 10))
    y = rng.randint(box[1] + 10, max(box[1] + 10, box[3] - height - 10))
    return x, y, x + width, y + height


def _blob(draw: ImageDraw.ImageDraw, rng: random.Random, box: Box,
          colour: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = _inner(rng, box, (40, 25), (130, 80))
    draw.ellipse((x0, y0, x1, y1), fill=colour[:3] + (110,))


def _packages(draw: ImageDraw.ImageDraw, rng: random.Random, box: Box,
              size: tuple[int, int] = (22, 14)) -> None:
    """Wrapped bricks in rows filling ``box``."""
    wrap = rng.choice(((200, 170, 90), (90, 140, 60), (230, 230, 230), (60, 60, 60)))
    for y in range(box[1] + 3, box[3] - size[1], size[1] + 4):
        for x in range(box[0] + 3, box[2] - size[0], size[0] + 4):
            draw.rectangle((x, y, x + size[0], y + size[1]), fill=wrap, outline=(40, 30, 20))


def _mark(draw: ImageDraw.ImageDraw, box: Box) -> None:
    """The operator's red frame around the suspicious area."""
    x0, y0, x1, y1 = box
    draw.rectangle((x0 - 6, y0 - 6, x1 + 6, y1 + 6), outline=(230, 20, 20), width=3)


def _caption(image: Image.Image, text: str) -> None:
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, SIZE[1] - 22, SIZE[0], SIZE[1]), fill=(0, 0, 0))
    draw.text((6, SIZE[1] - 19), text, fill=(255, 255, 255), font=ImageFont.load_default(13))
